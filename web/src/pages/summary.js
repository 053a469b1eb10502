// The summary of an ended session, for its therapist and its patient.
import { Api } from '../api.js';
import { h, scroller, stat } from '../dom.js';
import { chartBox, distributionChart, setDistribution, setTimeline, timelineChart } from '../charts.js';
import {
  EMOTIONS, EMOTION_LABELS, emotionLabel, formatDateTime, formatDuration, formatTime, percent, quality, signed, timeSpanSeconds,
} from '../emotions.js';
import { loadModel, modelPanel, patientModelSentence } from '../model.js';
import { errorBox, notice } from './common.js';

export async function summaryPage(root, { params: [sessionId], me }) {
  const therapist = me.role === 'therapist';
  root.append(h('h1', null, 'Session summary'));
  const [summary, model] = await Promise.all([Api.summary(sessionId).catch((e) => e), loadModel()]);
  if (summary instanceof Error) {
    root.append(summary.status === 404
      ? notice('info', h('p', null, 'This session has not ended yet, so there is no summary. ',
        therapist ? h('a', { href: `#/therapist/session/${encodeURIComponent(sessionId)}` }, 'Open the live dashboard') : null))
      : errorBox(summary));
    return null;
  }

  const patient = therapist ? await Api.patient(summary.patientId).catch(() => null) : null;
  const aggregate = summary.aggregate ?? {};
  const q = quality(aggregate.facePresentShare ?? 0, aggregate.meanConfidence ?? 0, aggregate.frames ?? 0);
  const charts = [];

  root.append(
    h('p', { class: 'lead' },
      patient ? `${patient.pseudonym}, ` : '',
      `${formatDateTime(summary.startedAt)} to ${formatTime(summary.endedAt)} (${formatDuration(timeSpanSeconds(summary.duration))}).`),
    therapist ? modelPanel(model) : notice('info', h('p', null, patientModelSentence(model))),
    h('section', { class: 'card', 'aria-labelledby': 'totals-heading' },
      h('h2', { id: 'totals-heading' }, 'Overview'),
      h('dl', { class: 'stats stats-grid', 'data-testid': 'summary-stats' },
        stat('Most frequent expression', aggregate.faceFrames ? emotionLabel(aggregate.dominant) : 'No analysis in this session'),
        stat('Frames analysed', String(aggregate.frames ?? 0)),
        stat('Face visible', aggregate.frames ? percent(aggregate.facePresentShare) : '—'),
        stat('Mean model confidence', aggregate.faceFrames ? percent(aggregate.meanConfidence) : '—'),
        stat('Signal quality', q.label),
        stat('Mean valence / arousal', aggregate.faceFrames ? `${signed(aggregate.valence)} / ${signed(aggregate.arousal)}` : '—'),
        stat('Frames dropped', String(summary.droppedFrames ?? 0)))));

  if (aggregate.faceFrames) {
    const bars = chartBox('Bar chart of the mean expression scores over the session; the same numbers are in the table below it.', 'chart chart-bars');
    const line = chartBox('Line chart of the expression scores over the session.', 'chart chart-line');
    root.append(
      h('div', { class: 'dashboard-grid' },
        h('section', { class: 'card', 'aria-labelledby': 'mean-heading' },
          h('h2', { id: 'mean-heading' }, 'Mean expression scores'),
          bars.box,
          scroller(h('table', { class: 'table compact' }, h('caption', { class: 'sr-only' }, 'Mean expression scores'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Expression'), h('th', { scope: 'col' }, 'Mean score'))),
            h('tbody', null, EMOTIONS.map((e, i) => h('tr', null, h('th', { scope: 'row' }, EMOTION_LABELS[e]), h('td', null, percent(aggregate.meanDistribution?.[i])))))), 'Mean scores')),
        h('section', { class: 'card', 'aria-labelledby': 'timeline-heading' },
          h('h2', { id: 'timeline-heading' }, 'Over the session'),
          line.box)));
    const barChart = distributionChart(bars.canvas);
    barChart.data.datasets[0].label = 'Mean score';
    setDistribution(barChart, aggregate.meanDistribution);
    const lineChart = timelineChart(line.canvas, { yTitle: 'Mean score' });
    setTimeline(lineChart, (summary.timeline ?? []).map((b) => ({ label: formatTime(b.start), distribution: b.faceFrames ? b.meanDistribution : null })));
    charts.push(barChart, lineChart);
  }

  const moments = summary.moments ?? [];
  root.append(h('section', { class: 'card', 'aria-labelledby': 'moments-heading' },
    h('h2', { id: 'moments-heading' }, 'Notable moments'),
    moments.length
      ? h('ol', { class: 'moments' }, moments.map((m) => h('li', { class: 'moment' },
        h('span', { class: 'moment-time' }, formatTime(m.startedAt)), ' ', m.description,
        m.endedAt ? h('span', { class: 'muted' }, ` (until ${formatTime(m.endedAt)})`) : null)))
      : h('p', null, 'None.')));
  if (therapist) {
    root.append(h('p', null, h('a', { href: `#/therapist/patients/${encodeURIComponent(summary.patientId)}` }, 'Trends across sessions'),
      ' · ', h('a', { href: '#/therapist' }, 'Back to caseload')));
  } else {
    root.append(h('p', null, h('a', { href: '#/patient/history' }, 'Back to your history')));
  }

  return () => charts.forEach((c) => c.destroy());
}
