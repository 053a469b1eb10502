import { sessionsWithStatus, upcomingRange } from '../api.js';
import { h, scroller } from '../dom.js';
import { formatDateTime, statusOf } from '../emotions.js';
import { errorBox, notice, statusBadge } from './common.js';

export async function patientHome(root, { me }) {
  root.append(h('h1', null, `Hello, ${me.displayName}`), h('h2', null, 'Your sessions'));
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading your sessions…'));
  root.append(list,
    h('p', null, h('a', { href: '#/patient/history' }, 'See your past sessions')),
    notice('info', h('p', null, 'In a session your therapist may ask to use ', h('strong', null, 'facial analysis'),
      '. It is your choice, for each session, and you can stop it at any time. Open "Facial analysis" next to a session to read what it means.')));

  try {
    const [from, to] = upcomingRange();
    const sessions = (await sessionsWithStatus(from, to)).filter((s) => statusOf(s.status) !== 'ended');
    list.removeAttribute('aria-busy');
    if (sessions.length === 0) {
      list.replaceChildren(h('p', null, 'You have no upcoming sessions in the next 31 days.'));
      return null;
    }
    list.replaceChildren(scroller(h('table', { class: 'table' },
      h('caption', { class: 'sr-only' }, 'Upcoming sessions'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Facial analysis'), h('th', { scope: 'col' }, 'Actions'))),
      h('tbody', null, sessions.map((s) => h('tr', { 'data-session-id': s.id },
        h('td', null, formatDateTime(s.scheduledFor)),
        h('td', null, statusBadge(s.status)),
        h('td', null, s.facialAnalysisConsent ? 'Allowed' : 'Not allowed'),
        h('td', { class: 'actions' },
          h('a', { class: 'button', href: `#/patient/consent/${encodeURIComponent(s.id)}` }, 'Facial analysis'),
          h('a', { class: 'button primary', href: `#/patient/session/${encodeURIComponent(s.id)}` },
            statusOf(s.status) === 'live' ? 'Join session' : 'Open session')))))), 'Upcoming sessions'));
  } catch (error) {
    list.replaceChildren(errorBox(error));
  }
  return null;
}
