// The REST API under /api, called with the HttpOnly sign-in cookie (same origin). Errors are RFC 7807 problem details.
// Every call carries X-Requested-With: the Api refuses cookie requests that change something without it, which is what
// keeps pages of other origins (another port of this host, say) from acting with the cookie (docs/security.md).

export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** Listeners told when the server says the sign-in is gone (401 outside the sign-in form). */
const signedOutListeners = new Set();
export function onSignedOut(listener) {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** Tells the listeners that the sign-in is gone (the live hub refused it, say). */
export function signedOut(error) {
  for (const listener of signedOutListeners) listener(error);
}

const HEADERS = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };

export async function request(method, path, body, { quiet401 = false } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { ...HEADERS } : { ...HEADERS, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your internet connection and try again.');
  }

  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) return data;

  const error = new ApiError(response.status, problemMessage(response, data), data);
  if (response.status === 401 && !quiet401) signedOut(error);
  throw error;
}

function problemMessage(response, problem) {
  if (response.status === 429) {
    const wait = Number(response.headers.get('Retry-After'));
    return Number.isFinite(wait) && wait > 0
      ? `Too many attempts. Please wait ${wait} seconds and try again.`
      : 'Too many attempts. Please wait a minute and try again.';
  }
  if (problem?.errors && typeof problem.errors === 'object') {
    const messages = Object.values(problem.errors).flat().filter(Boolean);
    if (messages.length) return messages.join(' ');
  }
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  if (response.status === 401) return 'Please sign in.';
  if (response.status === 403) return 'You do not have access to this.';
  if (response.status === 404) return 'Not found.';
  return `The server answered ${response.status}. Please try again.`;
}

const get = (path, options) => request('GET', path, undefined, options);
const enc = encodeURIComponent;

/** Every item of a paged list; lists here are small, but follow the cursor anyway (at most 10 pages). */
async function allPages(path) {
  const items = [];
  let after = null;
  for (let page = 0; page < 10; page++) {
    const result = await get(`${path}?limit=200${after ? `&after=${enc(after)}` : ''}`);
    items.push(...(result?.items ?? []));
    if (!result?.next) break;
    after = result.next;
  }
  return items;
}

export const Api = {
  login: (email, password) => request('POST', '/api/auth/login', { email, password }, { quiet401: true }),
  logout: () => request('POST', '/api/auth/logout', undefined, { quiet401: true }),
  me: () => get('/api/me', { quiet401: true }),
  model: () => get('/api/model'),

  sessions: (from, to, patientId) => {
    const query = new URLSearchParams();
    if (from && to) {
      query.set('from', from.toISOString());
      query.set('to', to.toISOString());
    }
    if (patientId) query.set('patientId', patientId);
    const text = query.toString();
    return get(`/api/sessions${text ? `?${text}` : ''}`);
  },
  session: (id) => get(`/api/sessions/${enc(id)}`),
  start: (id) => request('POST', `/api/sessions/${enc(id)}/start`),
  end: (id) => request('POST', `/api/sessions/${enc(id)}/end`),
  snapshot: (id) => get(`/api/sessions/${enc(id)}/snapshot`),
  summary: (id) => get(`/api/sessions/${enc(id)}/summary`),
  consent: (id) => get(`/api/sessions/${enc(id)}/consent`),
  alerts: () => get('/api/alerts'),
  acknowledgeAlert: (alertId) => request('POST', '/api/alerts/acknowledge', { alertId }),
  setConsent: (id, facialAnalysis) => request('PUT', `/api/sessions/${enc(id)}/consent`, { facialAnalysis }),

  patients: () => allPages('/api/patients'),
  therapists: () => allPages('/api/therapists'),
  disableAccount: (id) => request('POST', `/api/accounts/${enc(id)}/disable`),
  enableAccount: (id) => request('POST', `/api/accounts/${enc(id)}/enable`),
  patient: (id) => get(`/api/patients/${enc(id)}`),
  history: (id, limit = 20) => get(`/api/patients/${enc(id)}/history?limit=${limit}`),
  trends: (id, period, from, to) => {
    const query = new URLSearchParams({ period });
    if (from && to) {
      query.set('from', from.toISOString());
      query.set('to', to.toISOString());
    }
    return get(`/api/patients/${enc(id)}/trends?${query}`);
  },

  searchResources: ({ q, concern, emotion, limit } = {}) => {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (concern) query.set('concern', concern);
    if (emotion) query.set('emotion', emotion);
    if (limit) query.set('limit', String(limit));
    const text = query.toString();
    return get(`/api/resources${text ? `?${text}` : ''}`);
  },
  resourceConcerns: () => get('/api/resources/concerns'),
  resource: (id) => get(`/api/resources/${enc(id)}`),
  addResource: (resource) => request('POST', '/api/resources', resource),
  assignedResources: (patientId) => get(`/api/patients/${enc(patientId)}/resources`),
  assignResource: (patientId, id) => request('PUT', `/api/patients/${enc(patientId)}/resources/${enc(id)}`),
  unassignResource: (patientId, id) => request('DELETE', `/api/patients/${enc(patientId)}/resources/${enc(id)}`),
  freeSlots: (patientId, from, to, timeZone) => {
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), timeZone });
    return get(`/api/patients/${enc(patientId)}/slots?${query}`);
  },
  book: (patientId, start) => request('POST', `/api/patients/${enc(patientId)}/bookings`, { start }),
  reschedule: (id, start) => request('POST', `/api/sessions/${enc(id)}/reschedule`, { start }),
  cancel: (id) => request('POST', `/api/sessions/${enc(id)}/cancel`),
  notifications: () => get('/api/me/notifications'),
  markNotificationsRead: () => request('POST', '/api/me/notifications/read'),
  calendarFeed: () => get('/api/me/calendar-feed'),
  createCalendarFeed: () => request('POST', '/api/me/calendar-feed'),
  revokeCalendarFeed: () => request('DELETE', '/api/me/calendar-feed'),
  markResourceUsed: (patientId, id) => request('POST', `/api/patients/${enc(patientId)}/resources/${enc(id)}/used`),

  vocabulary: () => get('/api/allocation/vocabulary'),
  practice: (therapistId) => get(`/api/therapists/${enc(therapistId)}/profile`),
  setPractice: (therapistId, practice) => request('PUT', `/api/therapists/${enc(therapistId)}/profile`, practice),
  sendIntake: (patientId, intake) => request('PUT', `/api/patients/${enc(patientId)}/intake`, intake),
  requestTherapistChange: (patientId, reason) => request('POST', `/api/patients/${enc(patientId)}/therapist-change`, { reason }),
  allocationQueue: () => get('/api/allocation/queue'),
  confirmAllocation: (patientId, therapistId) => request('POST', `/api/allocation/queue/${enc(patientId)}/assign`, { therapistId }),
  dismissAllocation: (patientId) => request('DELETE', `/api/allocation/queue/${enc(patientId)}`),
};

/** Sessions from the start of today (local time) over the next `days` days (the API allows at most 31). */
export function upcomingRange(days = 31) {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from.getTime() + days * 24 * 3600 * 1000);
  return [from, to];
}

/** Today, local time. */
export function todayRange() {
  return upcomingRange(1);
}

/**
 * Lists sessions with each one's status: the list gives bookings, the session resource the status and consent.
 * At most `max` are looked up.
 */
export async function sessionsWithStatus(from, to, patientId, max = 30) {
  const items = (await Api.sessions(from, to, patientId)) ?? [];
  const picked = items.slice(0, max);
  const details = await Promise.all(picked.map((item) => Api.session(item.id).catch(() => null)));
  return picked.map((item, i) => ({ ...item, ...(details[i] ?? {}), patientPseudonym: item.patientPseudonym }));
}
