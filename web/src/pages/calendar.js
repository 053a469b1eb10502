// The calendar for patients and therapists: the week's sessions on the viewer's clock, booking from the therapist's free
// slots, cancelling and moving, notifications, and the personal calendar feed with its revocable link.
import { Api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatClock, formatDateTime, formatDay } from '../emotions.js';
import { actionButton, errorBox, notice } from './common.js';

const DAY = 24 * 3600 * 1000;

/** Midnight starting the Monday of the week holding `date`, on the viewer's clock. */
function weekStart(date) {
  const start = new Date(date);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

const sameDay = (a, b) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

const NOTIFICATION_TEXT = {
  sessionReminder: 'Reminder: a session starts soon, on',
  sessionBooked: 'A session was booked for',
  sessionRescheduled: 'A session was moved to',
  sessionCancelled: 'A session was cancelled; it was on',
};

export async function calendarPage(root, { me }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const state = { week: weekStart(new Date()), patientId: me.role === 'patient' ? me.id : null, moving: null };

  const weekHeading = h('h2', { id: 'week-heading' });
  const week = h('div', { 'data-testid': 'week' });
  const slots = h('div', { 'data-testid': 'free-slots' });
  const movingBox = h('div', { role: 'status', 'aria-live': 'polite' });
  const message = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'calendar-message' });
  const notifications = h('div', { 'data-testid': 'notifications' });
  const feed = h('div', { 'data-testid': 'calendar-feed' });
  const patientPicker = h('div');

  root.append(
    h('h1', null, 'Calendar'),
    h('p', { class: 'lead' }, `Times are shown in your time zone, ${zone}.`),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', onclick: () => moveWeek(-7) }, 'Previous week'),
      h('button', { type: 'button', onclick: () => moveWeek(7) }, 'Next week')),
    h('section', { 'aria-labelledby': 'week-heading' }, weekHeading, week),
    h('section', { 'aria-labelledby': 'slots-heading' },
      h('h2', { id: 'slots-heading' }, me.role === 'patient' ? 'Book a session' : 'Book a session for a patient'),
      patientPicker, movingBox, message, slots),
    h('section', { 'aria-labelledby': 'notifications-heading' }, h('h2', { id: 'notifications-heading' }, 'Notifications'), notifications),
    h('section', { 'aria-labelledby': 'feed-heading' }, h('h2', { id: 'feed-heading' }, 'Calendar feed'), feed));

  function moveWeek(days) {
    state.week = new Date(state.week.getTime() + days * DAY);
    state.week = weekStart(new Date(state.week.getTime() + DAY / 2)); // stays on Monday across a clock change
    refresh();
  }

  async function refresh() {
    await Promise.all([renderWeek(), renderSlots()]);
  }

  async function renderWeek() {
    const from = state.week;
    const to = new Date(from.getTime() + 7 * DAY + DAY / 2);
    weekHeading.textContent = `Week of ${formatDay(from)}`;
    try {
      const sessions = (await Api.sessions(from, weekStart(to))) ?? [];
      // A quicker click on "Next week" has asked for another week meanwhile: its answer renders, not this stale one.
      if (state.week !== from) return;
      const days = Array.from({ length: 7 }, (_, i) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + i));
      replace(week, h('ol', { class: 'week' }, days.map((day) => {
        const todays = sessions.filter((s) => sameDay(new Date(s.scheduledFor), day));
        return h('li', { class: 'week-day' },
          h('h3', null, formatDay(day)),
          todays.length === 0
            ? h('p', { class: 'muted' }, 'No sessions')
            : h('ul', { class: 'week-sessions' }, todays.map((s) => h('li', { 'data-session-id': s.id },
              h('strong', null, formatClock(s.scheduledFor)),
              me.role === 'therapist' ? ` with ${s.patientPseudonym}` : ' session',
              h('span', { class: 'actions' },
                actionButton('Cancel', () => cancel(s), { 'aria-label': `Cancel the session on ${formatDateTime(s.scheduledFor)}` }),
                h('button', { type: 'button', 'aria-label': `Move the session on ${formatDateTime(s.scheduledFor)}`, onclick: () => startMoving(s) }, 'Move'))))));
      })));
    } catch (error) {
      replace(week, errorBox(error));
    }
  }

  async function renderSlots() {
    if (!state.patientId) {
      replace(slots, h('p', { class: 'muted' }, 'Choose a patient to see free times.'));
      return;
    }
    const from = new Date(Math.max(Date.now(), state.week.getTime()));
    const to = new Date(state.week.getTime() + 7 * DAY);
    if (to <= from) {
      replace(slots, h('p', { class: 'muted' }, 'This week is over.'));
      return;
    }
    const shown = state.week;
    try {
      const result = await Api.freeSlots(state.patientId, from, to, zone);
      if (state.week !== shown) return;
      const items = result?.items ?? [];
      if (items.length === 0) {
        replace(slots, h('p', null, 'No free times this week. Try the next week.'));
        return;
      }
      const byDay = new Map();
      for (const slot of items) {
        const key = formatDay(slot.start);
        if (!byDay.has(key)) byDay.set(key, []);
        byDay.get(key).push(slot);
      }
      replace(slots, h('ul', { class: 'slot-days' }, [...byDay].map(([day, daySlots]) => h('li', null,
        h('h3', null, day),
        h('div', { class: 'button-row' }, daySlots.map((slot) => actionButton(
          `${state.moving ? 'Move to' : 'Book'} ${formatClock(slot.start)}`,
          () => (state.moving ? move(slot) : book(slot)),
          { 'aria-label': `${state.moving ? 'Move the session to' : 'Book'} ${formatDateTime(slot.start)}`, 'data-start': slot.start })))))));
    } catch (error) {
      replace(slots, errorBox(error));
    }
  }

  async function book(slot) {
    const session = await Api.book(state.patientId, slot.start);
    message.textContent = `Booked: ${formatDateTime(session.scheduledFor)}.`;
    await refresh();
    await renderNotifications();
  }

  function startMoving(session) {
    state.moving = session;
    if (me.role === 'therapist') state.patientId = session.patientId;
    replace(movingBox, notice('info', h('p', null, `Choose a new time for the session on ${formatDateTime(session.scheduledFor)}. `,
      h('button', { type: 'button', onclick: stopMoving }, 'Keep the old time'))));
    renderSlots();
    slots.scrollIntoView?.({ block: 'nearest' });
  }

  function stopMoving() {
    state.moving = null;
    replace(movingBox);
    renderSlots();
  }

  async function move(slot) {
    const session = await Api.reschedule(state.moving.id, slot.start);
    message.textContent = `Moved to ${formatDateTime(session.scheduledFor)}.`;
    stopMoving();
    await refresh();
    await renderNotifications();
  }

  async function cancel(session) {
    await Api.cancel(session.id);
    message.textContent = `Cancelled the session on ${formatDateTime(session.scheduledFor)}.`;
    await refresh();
    await renderNotifications();
  }

  async function renderNotifications() {
    try {
      const result = await Api.notifications();
      const items = result?.items ?? [];
      replace(notifications,
        h('p', { 'data-testid': 'unread' }, result.unread === 1 ? '1 unread notification.' : `${result.unread} unread notifications.`),
        items.length === 0 ? h('p', { class: 'muted' }, 'Nothing yet.') : h('ul', { class: 'notification-list' }, items.slice(0, 20).map((n) =>
          h('li', { class: n.read ? 'read' : 'unread' }, n.read ? null : h('strong', null, 'New: '),
            `${NOTIFICATION_TEXT[n.kind] ?? 'About the session on'} ${formatDateTime(n.sessionStart)}.`))),
        result.unread > 0 ? actionButton('Mark all as read', async () => { await Api.markNotificationsRead(); await renderNotifications(); document.dispatchEvent(new Event('notifications-read')); }) : null);
    } catch (error) {
      replace(notifications, errorBox(error));
    }
  }

  async function renderFeed(url) {
    try {
      const status = await Api.calendarFeed();
      const link = url
        ? [h('label', { for: 'feed-url' }, 'Your private calendar link (shown once; copy it into your calendar app)'),
          h('input', { id: 'feed-url', type: 'text', readonly: true, value: url, class: 'feed-url', onfocus: (e) => e.target.select() })]
        : null;
      replace(feed,
        h('p', null, 'Your calendar app can show your sessions: it subscribes to a private link. The calendar shows only the times, '
          + 'never who the session is with or what it is about. Anyone with the link can see those times, so keep it to yourself; '
          + 'you can turn it off or make a new one at any time.'),
        h('p', { 'data-testid': 'feed-status' }, status.active ? 'Your calendar link is on.' : 'You have no calendar link.'),
        link,
        h('div', { class: 'button-row' },
          actionButton(status.active ? 'Make a new link (the old one stops working)' : 'Make a calendar link', async () => {
            const created = await Api.createCalendarFeed();
            await renderFeed(created.url);
          }),
          status.active ? actionButton('Turn the link off', async () => { await Api.revokeCalendarFeed(); await renderFeed(); }) : null));
    } catch (error) {
      replace(feed, errorBox(error));
    }
  }

  if (me.role === 'therapist') {
    try {
      const patients = await Api.patients();
      const select = h('select', { id: 'book-patient', onchange: (e) => { state.patientId = e.target.value || null; renderSlots(); } },
        h('option', { value: '' }, 'Choose a patient'),
        patients.map((p) => h('option', { value: p.id }, p.pseudonym)));
      replace(patientPicker, h('p', null, h('label', { for: 'book-patient' }, 'Patient '), select));
    } catch (error) {
      replace(patientPicker, errorBox(error));
    }
  }

  await Promise.all([refresh(), renderNotifications(), renderFeed()]);
  return null;
}
