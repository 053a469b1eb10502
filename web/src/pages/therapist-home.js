import { Api, sessionsWithStatus, todayRange, upcomingRange } from '../api.js';
import { h, replace, scroller } from '../dom.js';
import { formatClock, formatDateTime, statusOf } from '../emotions.js';
import { actionButton, errorBox, statusBadge } from './common.js';
import { inboxAlerts } from '../inbox-live.js';

export async function therapistHome(root, { me, navigate }) {
  const today = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const upcoming = h('div');
  const caseload = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const booking = h('div');
  const alerts = h('div', { 'aria-busy': 'true', 'data-testid': 'alert-inbox' }, h('p', { class: 'muted' }, 'Loading…'));
  root.append(
    h('h1', null, `Welcome, ${me.displayName}`),
    h('section', { 'aria-labelledby': 'alerts-heading' }, h('h2', { id: 'alerts-heading' }, 'Alerts to review'), alerts),
    h('section', { 'aria-labelledby': 'today-heading' }, h('h2', { id: 'today-heading' }, 'Today\'s sessions'), today),
    h('section', { 'aria-labelledby': 'upcoming-heading' }, h('h2', { id: 'upcoming-heading' }, 'Later sessions'), upcoming),
    h('section', { 'aria-labelledby': 'caseload-heading' }, h('h2', { id: 'caseload-heading' }, 'Your caseload'), caseload),
    h('section', { 'aria-labelledby': 'book-heading' }, h('h2', { id: 'book-heading' }, 'Book a session'), booking));

  const sessionTable = (sessions, label, showDate) => scroller(h('table', { class: 'table' },
    h('caption', { class: 'sr-only' }, label),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, showDate ? 'When' : 'Time'), h('th', { scope: 'col' }, 'Patient'),
      h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Facial analysis'), h('th', { scope: 'col' }, 'Actions'))),
    h('tbody', null, sessions.map((s) => {
      const status = statusOf(s.status);
      const dashboard = `#/therapist/session/${encodeURIComponent(s.id)}`;
      return h('tr', { 'data-session-id': s.id },
        h('td', null, showDate ? formatDateTime(s.scheduledFor) : formatClock(s.scheduledFor)),
        h('td', null, h('a', { href: `#/therapist/patients/${encodeURIComponent(s.patientId)}` }, s.patientPseudonym)),
        h('td', null, statusBadge(status)),
        h('td', null, s.analysisActive ? 'On' : s.facialAnalysisConsent ? 'Allowed' : 'Not allowed'),
        h('td', { class: 'actions' },
          status === 'scheduled' && s.therapistId === me.id
            ? actionButton('Start session', async () => {
              await Api.start(s.id);
              navigate(dashboard);
            }, { class: 'primary' })
            : null,
          status === 'live' ? h('a', { class: 'button primary', href: dashboard }, 'Open live dashboard') : null,
          status === 'scheduled' ? h('a', { class: 'button', href: dashboard }, 'Dashboard') : null,
          status === 'ended' ? h('a', { class: 'button', href: `#/summary/${encodeURIComponent(s.id)}` }, 'Summary') : null));
    }))), label);

  const loadSessions = async () => {
    try {
      const [from, to] = todayRange();
      const sessions = await sessionsWithStatus(from, to);
      today.removeAttribute('aria-busy');
      replace(today, sessions.length ? sessionTable(sessions, 'Today\'s sessions', false) : h('p', null, 'No sessions today.'));
      const [, later] = upcomingRange(31);
      const next = (await Api.sessions(to, later)) ?? [];
      replace(upcoming, next.length
        ? h('ul', { class: 'plain-list' }, next.slice(0, 20).map((s) => h('li', null, `${formatDateTime(s.scheduledFor)} — `,
          h('a', { href: `#/therapist/patients/${encodeURIComponent(s.patientId)}` }, s.patientPseudonym))))
        : h('p', { class: 'muted' }, 'None in the next 30 days.'));
    } catch (error) {
      replace(today, errorBox(error));
    }
  };

  let patients = [];
  const pseudonymOf = (patientId) => patients.find((p) => p.id === patientId)?.pseudonym ?? 'A patient';
  // Alerts raised while no dashboard was open wait here until the therapist has seen them.
  const loadAlerts = async () => {
    try {
      const inbox = (await Api.alerts()) ?? [];
      alerts.removeAttribute('aria-busy');
      replace(alerts, inbox.length
        ? h('ul', { class: 'plain-list alert-inbox' }, inbox.map((a) => h('li', { class: 'moment moment-alert', 'data-alert-id': a.alertId },
          h('strong', null, `${formatDateTime(a.raisedAt)} — ${pseudonymOf(a.patientId)}: `), a.description, ' ',
          a.kind === 'chatCrisis' || a.kind === 'chatSessionRequest'
            ? h('a', { href: `#/therapist/chat/${encodeURIComponent(a.patientId)}` }, 'Open shared chat')
            : h('a', { href: `#/therapist/session/${encodeURIComponent(a.sessionId)}` }, 'Open session'), ' ',
          actionButton('Mark as reviewed', async () => {
            await Api.acknowledgeAlert(a.alertId);
            await loadAlerts();
          }))))
        : h('p', { class: 'muted' }, 'No alerts waiting.'));
    } catch (error) {
      replace(alerts, errorBox(error));
    }
  };

  try {
    patients = await Api.patients();
    caseload.removeAttribute('aria-busy');
    replace(caseload, patients.length
      ? h('ul', { class: 'caseload' }, patients.map((p) => h('li', null,
        h('a', { href: `#/therapist/patients/${encodeURIComponent(p.id)}` }, p.pseudonym),
        h('span', { class: 'muted' }, ' — trends and past sessions'))))
      : h('p', null, 'No patients are assigned to you yet. An administrator assigns patients.'));
  } catch (error) {
    replace(caseload, errorBox(error));
  }

  // Every booking goes through the calendar, which offers only free times within the practice's working hours.
  replace(booking, patients.length
    ? h('p', null, 'Sessions are booked, moved and cancelled from your free times. ', h('a', { href: '#/calendar' }, 'Choose a free time'))
    : h('p', { class: 'muted' }, 'You can book sessions once patients are assigned to you.'));

  // New inbox alerts (crisis alerts from the support chat among them) arrive live.
  const live = inboxAlerts((alert) => `${pseudonymOf(alert.patientId)}: ${alert.description}`, () => loadAlerts());
  alerts.before(live.element);

  await Promise.all([loadSessions(), loadAlerts()]);
  return () => live.stop();
}
