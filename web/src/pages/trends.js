// A patient's trends across sessions, by day or ISO week, and their past sessions (therapist view).
import { Api } from '../api.js';
import { h, replace, scroller } from '../dom.js';
import { chartBox, setTimeline, timelineChart } from '../charts.js';
import { EMOTION_LABELS, emotionLabel, formatDateTime, formatDay, formatDuration, percent, signed, timeSpanSeconds, top } from '../emotions.js';
import { loadModel, modelPanel } from '../model.js';
import { errorBox } from './common.js';

const RANGES = { day: 30, isoWeek: 84 };

export async function trendsPage(root, { params: [patientId] }) {
  const [patient, model] = await Promise.all([Api.patient(patientId), loadModel()]);
  const line = chartBox('Line chart of mean expression scores per period; the same numbers are in the table below it.', 'chart chart-line');
  const table = h('div');
  const history = h('div');
  const period = h('select', { id: 'trend-period' }, h('option', { value: 'isoWeek' }, 'By week (last 12 weeks)'), h('option', { value: 'day' }, 'By day (last 30 days)'));
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' });

  root.append(
    h('h1', null, `Trends: ${patient.pseudonym}`),
    modelPanel(model),
    h('section', { class: 'card', 'aria-labelledby': 'trend-heading' },
      h('h2', { id: 'trend-heading' }, 'Across sessions'),
      h('div', { class: 'field inline-field' }, h('label', { for: 'trend-period' }, 'Group sessions'), period),
      status,
      line.box,
      table),
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'Past sessions'),
      history));

  const chart = timelineChart(line.canvas, { yTitle: 'Mean score', centred: true });

  const load = async () => {
    const choice = period.value;
    status.textContent = 'Loading…';
    try {
      const to = new Date();
      const from = new Date(to.getTime() - RANGES[choice] * 24 * 3600 * 1000);
      const points = (await Api.trends(patientId, choice, from, to)) ?? [];
      setTimeline(chart, points.map((p) => ({ label: choice === 'day' ? formatDay(p.start) : p.label, distribution: p.faceFrames ? p.meanDistribution : null })));
      const unit = choice === 'day' ? 'day' : 'week';
      status.textContent = points.length ? `${points.length} ${points.length === 1 ? unit : `${unit}s`} with sessions.` : 'No ended sessions in this range.';
      replace(table, points.length ? scroller(h('table', { class: 'table compact' },
        h('caption', { class: 'sr-only' }, 'Trend per period'),
        h('thead', null, h('tr', null, ['Period', 'Sessions', 'Most frequent', 'Face visible', 'Valence', 'Arousal'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, points.map((p) => {
          const best = p.faceFrames ? top(p.meanDistribution) : null;
          return h('tr', null,
            h('td', null, choice === 'day' ? formatDay(p.start) : p.label),
            h('td', null, String(p.sessions)),
            h('td', null, best ? `${EMOTION_LABELS[best.emotion]} (${percent(best.value)})` : '—'),
            h('td', null, percent(p.facePresentShare)),
            h('td', null, p.faceFrames ? signed(p.meanValence) : '—'),
            h('td', null, p.faceFrames ? signed(p.meanArousal) : '—'));
        }))), 'Trend table') : null);
    } catch (error) {
      status.textContent = '';
      replace(table, errorBox(error));
    }
  };
  period.addEventListener('change', load);

  try {
    const sessions = (await Api.history(patientId, 50)) ?? [];
    replace(history, sessions.length ? scroller(h('table', { class: 'table' },
      h('caption', { class: 'sr-only' }, 'Ended sessions, newest first'),
      h('thead', null, h('tr', null, ['Session', 'Length', 'Most frequent', 'Face visible', 'Moments', ''].map((t) => h('th', { scope: 'col' }, t || h('span', { class: 'sr-only' }, 'Details'))))),
      h('tbody', null, sessions.map((s) => h('tr', null,
        h('td', null, formatDateTime(s.startedAt)),
        h('td', null, formatDuration(timeSpanSeconds(s.duration))),
        h('td', null, s.aggregate?.faceFrames ? emotionLabel(s.aggregate.dominant) : 'No analysis'),
        h('td', null, s.aggregate?.frames ? percent(s.aggregate.facePresentShare) : '—'),
        h('td', null, String(s.moments?.length ?? 0)),
        h('td', null, h('a', { href: `#/summary/${encodeURIComponent(s.sessionId)}` }, 'Summary')))))), 'Past sessions')
      : h('p', null, 'No ended sessions yet.'));
  } catch (error) {
    replace(history, errorBox(error));
  }
  await load();
  return () => chart.destroy();
}
