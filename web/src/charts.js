// Chart.js (from npm, bundled) with only the pieces the pages use. Every chart also has a text or table equivalent next
// to it for screen readers and keyboard users; the canvas itself is labelled as an image.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { EMOTIONS, EMOTION_COLORS, EMOTION_LABELS } from './emotions.js';
import { h } from './dom.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1f2933';
Chart.defaults.animation = false;

const percentTicks = { callback: (value) => `${Math.round(value * 100)} %` };

/** A labelled canvas in a sized box; returns { box, canvas }. */
export function chartBox(label, className = 'chart') {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  return { box: h('div', { class: className }, canvas), canvas };
}

/** Horizontal bars of the seven expression scores (0–1). */
export function distributionChart(canvas) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: EMOTIONS.map((e) => EMOTION_LABELS[e]),
      datasets: [{
        label: 'Smoothed score',
        data: EMOTIONS.map(() => 0),
        backgroundColor: EMOTIONS.map((e) => EMOTION_COLORS[e]),
        borderWidth: 0,
      }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 1, ticks: percentTicks, grid: { color: '#d9dee3' } }, y: { grid: { display: false } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${Math.round(c.parsed.x * 100)} %` } } },
    },
  });
}

export function setDistribution(chart, distribution) {
  chart.data.datasets[0].data = EMOTIONS.map((_, i) => distribution?.[i] ?? 0);
  chart.update('none');
}

/** Lines of the seven expression scores over time; labels are formatted times or period names. */
export function timelineChart(canvas, { yTitle = 'Smoothed score', centred = false, points = true } = {}) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: [],
      datasets: EMOTIONS.map((e) => ({
        label: EMOTION_LABELS[e],
        data: [],
        borderColor: EMOTION_COLORS[e],
        backgroundColor: EMOTION_COLORS[e],
        borderWidth: 2,
        // Points only while there are few of them (a session's summary, a patient's weeks); a live timeline is a plain line.
        pointRadius: (context) => (points && context.chart.data.labels.length <= 12 ? 4 : 0),
        pointHitRadius: 6,
        tension: 0.25,
        spanGaps: true,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { min: 0, max: 1, ticks: percentTicks, title: { display: true, text: yTitle }, grid: { color: '#d9dee3' } },
        x: { offset: centred, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6 }, grid: { display: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? '—' : `${Math.round(c.parsed.y * 100)} %`}` } },
      },
    },
  });
}

/** Replaces the points: rows of { label, distribution (7 numbers or null) }. */
export function setTimeline(chart, rows) {
  chart.data.labels = rows.map((r) => r.label);
  chart.data.datasets.forEach((dataset, i) => {
    dataset.data = rows.map((r) => (r.distribution ? r.distribution[i] : null));
  });
  chart.update('none');
}

/** Adds one point, keeping at most `max`. */
export function pushTimeline(chart, label, distribution, max) {
  chart.data.labels.push(label);
  chart.data.datasets.forEach((dataset, i) => dataset.data.push(distribution ? distribution[i] : null));
  while (chart.data.labels.length > max) {
    chart.data.labels.shift();
    chart.data.datasets.forEach((dataset) => dataset.data.shift());
  }
  chart.update('none');
}
