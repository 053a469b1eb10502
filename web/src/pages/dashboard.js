// The therapist's live dashboard: current expression distribution, smoothed timeline, notable moments and alerts,
// face-present and quality indicators, and what the model measures. Data: Watch's snapshot, then insight and alert events.
import { Api } from '../api.js';
import { h, replace, scroller, stat } from '../dom.js';
import { chartBox, distributionChart, pushTimeline, setDistribution, setTimeline, timelineChart } from '../charts.js';
import {
  EMOTIONS, EMOTION_LABELS, formatTime, percent, quality, signed, statusOf, top,
} from '../emotions.js';
import { accuracyText, loadModel, modelPanel } from '../model.js';
import { hubMessage, openLive } from '../live.js';
import { inboxAlerts } from '../inbox-live.js';
import { actionButton, analysisIndicator, connectionIndicator, notice, statusBadge } from './common.js';

const MAX_TIMELINE_POINTS = 360;
const TIMELINE_STEP_MS = 1000;
const STALE_AFTER_MS = 8000;

export async function dashboardPage(root, { params: [sessionId], me, navigate }) {
  const [session, model] = await Promise.all([Api.session(sessionId), loadModel()]);
  const patient = await Api.patient(session.patientId).catch(() => null);
  const pseudonym = patient?.pseudonym ?? 'patient';

  const state = {
    status: statusOf(session.status),
    consent: Boolean(session.facialAnalysisConsent),
    analysisActive: Boolean(session.analysisActive),
    latest: null,
    aggregate: null,
    dropped: 0,
    lastUpdate: 0,
    lastFaceAt: null,
    lastPointAt: 0,
    moments: new Map(),
    alerts: new Map(),
  };

  const badge = h('span');
  const indicator = analysisIndicator();
  const connection = connectionIndicator();
  const controls = h('div', { class: 'button-row' });
  const endedNotice = h('div');
  const dominantText = h('p', { class: 'dominant', 'aria-live': 'polite', 'data-testid': 'dominant' }, 'No reading yet.');
  const scoresBody = h('tbody');
  const indicators = h('dl', { class: 'stats stats-grid', 'data-testid': 'indicators' });
  const facePill = h('p', { class: 'face-pill', 'data-testid': 'face-present', 'data-state': 'unknown' }, 'Face: no reading yet');
  const momentsList = h('ol', { class: 'moments', 'data-testid': 'moments' });
  const noMoments = h('p', { class: 'muted' }, 'None so far.');
  const alertRegion = h('div', { role: 'alert', class: 'sr-only' });
  const timelineTable = h('tbody');

  const bars = chartBox('Bar chart of the current smoothed expression scores; the same scores are in the table below it.', 'chart chart-bars');
  const line = chartBox('Line chart of the smoothed expression scores over time; the latest values are in the table of current scores.', 'chart chart-line');

  root.append(
    h('h1', null, `Live dashboard: ${pseudonym}`),
    h('div', { class: 'dashboard-head' }, badge, indicator.element, connection.element, controls),
    h('p', { class: 'measure-line' },
      h('strong', null, 'Facial expressions, not feelings. '),
      `Model accuracy: ${accuracyText(model)}; lower on webcams. Not a diagnosis.`),
    modelPanel(model),
    endedNotice,
    alertRegion,
    h('div', { class: 'dashboard-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'now-heading' },
        h('h2', { id: 'now-heading' }, 'Current expression (smoothed)'),
        dominantText,
        bars.box,
        h('details', null, h('summary', null, 'Scores as a table'),
          scroller(h('table', { class: 'table compact' }, h('caption', { class: 'sr-only' }, 'Current smoothed scores'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Expression'), h('th', { scope: 'col' }, 'Now'), h('th', { scope: 'col' }, 'Session mean'))),
            scoresBody), 'Current scores'))),
      h('section', { class: 'card', 'aria-labelledby': 'quality-heading' },
        h('h2', { id: 'quality-heading' }, 'Face and signal quality'),
        facePill,
        indicators),
      h('section', { class: 'card wide', 'aria-labelledby': 'timeline-heading' },
        h('h2', { id: 'timeline-heading' }, 'Timeline (smoothed)'),
        line.box,
        h('p', { class: 'muted' }, 'Earlier points are 5-second averages; points since you opened this page are the smoothed reading once a second.'),
        h('details', null, h('summary', null, 'Recent timeline as a table'),
          scroller(h('table', { class: 'table compact' }, h('caption', { class: 'sr-only' }, 'Most visible expression over time'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Most visible'), h('th', { scope: 'col' }, 'Score'))),
            timelineTable), 'Timeline table'))),
      h('section', { class: 'card wide', 'aria-labelledby': 'moments-heading' },
        h('h2', { id: 'moments-heading' }, 'Notable moments and alerts'),
        h('p', { class: 'muted' }, 'Stretches of the session worth a look. They describe expressions, never feelings or risk.'),
        momentsList, noMoments)));

  const barChart = distributionChart(bars.canvas);
  const lineChart = timelineChart(line.canvas, { points: false });
  const timelineRows = [];

  const addTimelineRow = (label, distribution) => {
    const best = top(distribution);
    timelineRows.push(h('tr', null, h('td', null, label), h('td', null, best ? EMOTION_LABELS[best.emotion] : 'no face'), h('td', null, best ? percent(best.value) : '—')));
    while (timelineRows.length > 30) timelineRows.shift();
    timelineTable.replaceChildren(...timelineRows.slice().reverse());
  };

  const renderHead = () => {
    replace(badge, statusBadge(state.status));
    let why;
    if (state.status === 'scheduled') why = 'the session has not started';
    else if (state.status === 'ended') why = 'the session has ended';
    else if (!state.consent && !state.analysisActive) why = 'the patient has not allowed it or has withdrawn';
    indicator.set(state.analysisActive, state.analysisActive ? 'the patient allows it' : why);
    replace(controls,
      state.status === 'scheduled' && session.therapistId === me.id
        ? actionButton('Start session', async () => {
          const updated = await Api.start(sessionId);
          state.status = statusOf(updated.status);
          state.analysisActive = Boolean(updated.analysisActive);
          renderHead();
        }, { class: 'primary' })
        : null,
      state.status === 'live' && session.therapistId === me.id
        ? actionButton('End session', async () => {
          await Api.end(sessionId);
          state.status = 'ended';
          navigate(`#/summary/${encodeURIComponent(sessionId)}`);
        }, { class: 'danger' })
        : null);
    replace(endedNotice, state.status === 'ended'
      ? notice('info', h('p', null, 'This session has ended. ', h('a', { href: `#/summary/${encodeURIComponent(sessionId)}` }, 'Open the summary')))
      : null);
  };

  const renderReading = () => {
    const latest = state.latest;
    const aggregate = state.aggregate;
    const smoothed = latest?.smoothed ?? null;
    setDistribution(barChart, smoothed);
    const best = top(smoothed);
    dominantText.textContent = best
      ? `Most visible now: ${EMOTION_LABELS[best.emotion]} (${percent(best.value)}).${latest && !latest.facePresent ? ' No face in the latest frame: these are the last values seen.' : ''}`
      : 'No face seen yet, so no expression scores.';
    scoresBody.replaceChildren(...EMOTIONS.map((e, i) => h('tr', null, h('th', { scope: 'row' }, EMOTION_LABELS[e]),
      h('td', null, smoothed ? percent(smoothed[i]) : '—'), h('td', null, aggregate?.faceFrames ? percent(aggregate.meanDistribution?.[i]) : '—'))));
    renderIndicators();
  };

  const renderIndicators = () => {
    const latest = state.latest;
    const aggregate = state.aggregate;
    const now = Date.now();
    const stale = state.analysisActive && state.lastUpdate && now - state.lastUpdate > STALE_AFTER_MS;
    if (!latest) {
      facePill.dataset.state = 'unknown';
      facePill.textContent = state.analysisActive ? 'Face: waiting for the first frame' : 'Face: no reading (analysis is off)';
    } else if (latest.facePresent && !stale) {
      facePill.dataset.state = 'present';
      facePill.textContent = 'Face visible';
    } else {
      facePill.dataset.state = 'absent';
      facePill.textContent = stale
        ? `No new frames for ${Math.round((now - state.lastUpdate) / 1000)} s (the patient's camera may be off)`
        : `No face seen${state.lastFaceAt ? ` since ${formatTime(state.lastFaceAt)}` : ''}: ask the patient to face the camera, with light in front`;
    }
    const q = quality(aggregate?.facePresentShare ?? 0, aggregate?.meanConfidence ?? 0, aggregate?.frames ?? 0);
    replace(indicators,
      stat('Signal quality', h('span', { class: `quality quality-${q.level}` }, q.label)),
      stat('Face visible (session)', aggregate?.frames ? percent(aggregate.facePresentShare) : '—'),
      stat('Model confidence, latest', latest?.facePresent ? percent(latest.confidence) : '—'),
      stat('Model confidence, mean', aggregate?.faceFrames ? percent(aggregate.meanConfidence) : '—'),
      stat('Frames analysed', String(aggregate?.frames ?? 0), { 'data-testid': 'frames-analysed' }),
      stat('Frames dropped', String(state.dropped ?? 0)),
      stat('Valence / arousal (latest)', latest?.smoothed ? `${signed(latest.valence)} / ${signed(latest.arousal)}` : '—'),
      stat('Last update', state.lastUpdate ? formatTime(state.lastUpdate) : '—'));
  };

  const renderMoments = () => {
    const items = [...state.moments.values()].sort((a, b) => new Date(a.at) - new Date(b.at));
    momentsList.hidden = items.length === 0;
    noMoments.hidden = items.length > 0;
    momentsList.replaceChildren(...items.map((m) => h('li', { class: m.alert ? 'moment moment-alert' : 'moment' },
      h('span', { class: 'moment-time' }, formatTime(m.at)), ' ',
      m.alert ? h('strong', null, 'Alert: ') : null,
      m.description,
      m.endedAt ? h('span', { class: 'muted' }, ` (until ${formatTime(m.endedAt)})`) : null)));
  };

  const addMoment = (moment) => {
    const key = moment.id;
    const existing = state.moments.get(key);
    state.moments.set(key, {
      at: moment.startedAt ?? existing?.at,
      endedAt: moment.endedAt ?? existing?.endedAt,
      description: moment.description ?? existing?.description,
      alert: existing?.alert ?? false,
    });
  };

  const addAlert = (alert, announce) => {
    if (!alert?.alertId || state.alerts.has(alert.alertId)) return;
    state.alerts.set(alert.alertId, alert);
    const momentId = alert.alertId.split('/').pop();
    const existing = state.moments.get(momentId);
    state.moments.set(momentId, { at: existing?.at ?? alert.raisedAt, endedAt: existing?.endedAt, description: alert.description, alert: true });
    if (announce) alertRegion.textContent = `Alert at ${formatTime(alert.raisedAt)}: ${alert.description}`;
  };

  const applyReading = (latest) => {
    if (!latest) return;
    state.latest = latest;
    if (latest.facePresent) state.lastFaceAt = latest.at;
    const at = new Date(latest.at).getTime();
    if (latest.smoothed && at - state.lastPointAt >= TIMELINE_STEP_MS) {
      state.lastPointAt = at;
      pushTimeline(lineChart, formatTime(latest.at), latest.smoothed, MAX_TIMELINE_POINTS);
      addTimelineRow(formatTime(latest.at), latest.smoothed);
    }
  };

  const applySnapshot = (snapshot) => {
    state.status = statusOf(snapshot.status);
    state.consent = Boolean(snapshot.consent?.facialAnalysisGranted);
    state.analysisActive = state.status === 'live' && state.consent;
    state.aggregate = snapshot.aggregate;
    state.dropped = snapshot.droppedFrames ?? 0;
    const buckets = snapshot.recentTimeline ?? [];
    const rows = buckets.map((b) => ({ label: formatTime(b.start), distribution: b.faceFrames ? b.meanDistribution : null }));
    setTimeline(lineChart, rows);
    timelineRows.length = 0;
    rows.forEach((r) => addTimelineRow(r.label, r.distribution));
    state.lastPointAt = buckets.length ? new Date(buckets[buckets.length - 1].end).getTime() : 0;
    for (const moment of snapshot.moments ?? []) addMoment(moment);
    for (const alert of snapshot.alerts ?? []) addAlert(alert, false);
    if (snapshot.latest) {
      state.latest = snapshot.latest;
      if (snapshot.latest.facePresent) state.lastFaceAt = snapshot.latest.at;
      state.lastUpdate = Date.now();
    }
    renderHead();
    renderReading();
    renderMoments();
  };

  let revoked = false;
  const live = openLive({
    handlers: {
      insight: (insight) => {
        if (insight?.sessionId !== sessionId) return;
        const wasStatus = state.status;
        state.status = statusOf(insight.status);
        state.analysisActive = Boolean(insight.analysisActive);
        if (state.status === 'live' && !state.analysisActive) state.consent = false;
        if (state.analysisActive) state.consent = true;
        state.aggregate = insight.aggregate ?? state.aggregate;
        state.dropped = insight.droppedFrames ?? state.dropped;
        state.lastUpdate = Date.now();
        applyReading(insight.latest);
        renderHead();
        renderReading();
        if (wasStatus !== state.status && state.status === 'ended') renderMoments();
      },
      alert: (alert) => {
        if (alert?.sessionId !== sessionId) return;
        addAlert(alert, true);
        renderMoments();
      },
      accessRevoked: (message) => {
        if (message?.sessionId !== sessionId) return;
        // The patient is no longer assigned to this therapist: the feed has ended and must not be joined again.
        revoked = true;
        live.stop();
        connection.set('disconnected', message.detail);
      },
    },
    onState: (s, message) => {
      if (!revoked) connection.set(s, message);
    },
    onConnected: async () => {
      try {
        applySnapshot(await live.invoke('Watch', sessionId));
      } catch (error) {
        throw new Error(hubMessage(error));
      }
    },
  });

  // Crisis alerts from any of the therapist's patients' support chats reach this page too.
  const inbox = inboxAlerts((alert) => alert.description);
  root.prepend(inbox.element);

  renderHead();
  renderReading();
  renderMoments();
  const clock = setInterval(renderIndicators, 1000);

  return async () => {
    clearInterval(clock);
    await inbox.stop();
    if (live.connected) await live.invoke('Unwatch', sessionId).catch(() => {});
    await live.stop();
    barChart.destroy();
    lineChart.destroy();
  };
}
