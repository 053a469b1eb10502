import { Api } from '../api.js';
import { h, scroller } from '../dom.js';
import { emotionLabel, formatDateTime, formatDuration, percent, timeSpanSeconds } from '../emotions.js';
import { loadModel, patientModelSentence } from '../model.js';
import { errorBox, notice } from './common.js';

export async function patientHistory(root, { me }) {
  root.append(h('h1', null, 'Your past sessions'));
  const [history, model] = await Promise.all([Api.history(me.id, 50).catch((e) => e), loadModel()]);
  root.append(notice('info', h('p', null, 'These are estimates of your facial expressions during sessions where you allowed facial analysis. ',
    patientModelSentence(model))));
  if (history instanceof Error) {
    root.append(errorBox(history));
    return null;
  }
  if (!history?.length) {
    root.append(h('p', null, 'No sessions have ended yet.'));
    return null;
  }
  root.append(scroller(h('table', { class: 'table' },
    h('caption', { class: 'sr-only' }, 'Your ended sessions, newest first'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Session'), h('th', { scope: 'col' }, 'Length'), h('th', { scope: 'col' }, 'Most frequent expression'),
      h('th', { scope: 'col' }, 'Face visible'), h('th', { scope: 'col' }, 'Notable moments'), h('th', { scope: 'col' }, 'Details'))),
    h('tbody', null, history.map((s) => h('tr', null,
      h('td', null, formatDateTime(s.startedAt)),
      h('td', null, formatDuration(timeSpanSeconds(s.duration))),
      h('td', null, s.aggregate?.faceFrames ? emotionLabel(s.aggregate.dominant) : 'No analysis'),
      h('td', null, s.aggregate?.frames ? percent(s.aggregate.facePresentShare) : '—'),
      h('td', null, String(s.moments?.length ?? 0)),
      h('td', null, h('a', { href: `#/summary/${encodeURIComponent(s.sessionId)}` }, 'Summary')))))), 'Your ended sessions'));
  return null;
}
