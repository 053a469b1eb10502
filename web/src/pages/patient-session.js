// The patient's live session: the call with their therapist (their video, the patient's own preview; mute, camera off,
// leave), frames to the hub while analysis is on, a clear on/off indicator and a withdraw button. The call and the
// analysis share one camera stream. Frames leave the browser only while the patient consents and the session is live;
// the call's media go peer to peer; nothing is stored.
import { Api } from '../api.js';
import { h, replace, stat } from '../dom.js';
import { formatDateTime, statusOf } from '../emotions.js';
import { hubMessage, openLive, toBase64 } from '../live.js';
import { callControls, openCall, openMedia } from '../call.js';
import { actionButton, analysisIndicator, connectionIndicator, errorBox, notice } from './common.js';

/** The capture rate the server asks for (Live:CaptureFramesPerSecond, sent with the consent); one per second if absent. */
export function captureFramesPerSecond(consent) {
  const rate = Number(consent?.captureFramesPerSecond);
  return Number.isInteger(rate) && rate >= 1 && rate <= 30 ? rate : 1;
}

export const FRAME_WIDTH = 320;
export const FRAME_HEIGHT = 240;
const JPEG_QUALITY = 0.8;
/** Least time between two joins made to learn the server's time again after a frame was refused for its time. */
const REJOIN_AFTER_MS = 10000;

export async function patientSession(root, { params: [sessionId] }) {
  const [session, consent] = await Promise.all([Api.session(sessionId), Api.consent(sessionId)]);

  const state = {
    status: statusOf(session.status),
    consent: Boolean(consent.facialAnalysis),
    analysisActive: Boolean(session.analysisActive),
    joined: false,
    cameraOn: false,
    sequence: 0,
    clockOffsetMs: 0,
    lastJoinAt: 0,
    sent: 0,
    unusable: 0,
    skipped: 0,
    inFlight: false,
    lastFaceAt: 0,
    facePresent: null,
    quality: JPEG_QUALITY,
    disposed: false,
  };

  const indicator = analysisIndicator();
  const connection = connectionIndicator();
  const statusLine = h('p', { class: 'session-status', 'data-testid': 'session-status' });
  const consentArea = h('div', { class: 'button-row' });
  const cameraMessage = h('div', { 'aria-live': 'polite' });
  const faceHint = h('div', { 'aria-live': 'polite', 'data-testid': 'face-hint' });
  const callArea = h('div');
  const sentValue = h('span', { 'data-testid': 'frames-sent' }, '0');
  const unusableValue = h('span', { 'data-testid': 'frames-unusable' }, '0');
  const lastResult = h('span', { 'data-testid': 'last-result' }, '—');
  const video = h('video', { class: 'preview', autoplay: true, muted: true, playsinline: true, 'aria-label': 'Your camera preview' });
  video.muted = true;
  const remoteVideo = h('video', { class: 'remote-video', autoplay: true, playsinline: true, 'aria-label': "Your therapist's video", 'data-testid': 'remote-video' });
  const playButton = h('button', { type: 'button', hidden: true, onclick: () => playRemote() }, 'Play the call\'s sound and video');
  const cameraButton = h('button', { type: 'button', hidden: true, onclick: () => startCamera() }, 'Turn the camera on');
  remoteVideo.addEventListener('playing', () => {
    playButton.hidden = true;
  });
  const canvas = document.createElement('canvas');
  canvas.width = FRAME_WIDTH;
  canvas.height = FRAME_HEIGHT;
  let stream = null;
  let timer = null;
  let live = null;
  let controls = null;
  let call = null;
  let callSynced = null;
  let mediaSettled = false;

  root.append(
    h('h1', null, 'Your live session'),
    h('p', { class: 'lead' }, `Booked for ${formatDateTime(session.scheduledFor)}.`),
    indicator.element,
    statusLine,
    connection.element,
    h('div', { class: 'two-columns' },
      h('section', { class: 'card call-card', 'aria-labelledby': 'camera-heading' },
        h('h2', { id: 'camera-heading' }, 'Call with your therapist'),
        h('div', { class: 'call-stage' },
          h('div', { class: 'remote-box' }, remoteVideo),
          h('div', { class: 'preview-box self-view' }, video)),
        playButton,
        callArea,
        cameraMessage, faceHint, cameraButton),
      h('section', { class: 'card', 'aria-labelledby': 'choice-heading' },
        h('h2', { id: 'choice-heading' }, 'Your choice'),
        h('p', null, 'Facial analysis runs only while you allow it and the session is live. Pictures are analysed and then discarded; they are never saved.'),
        consentArea,
        h('dl', { class: 'stats' }, stat('Pictures sent', sentValue), stat('Not usable', unusableValue), stat('Last picture', lastResult)),
        h('p', { class: 'muted' }, h('a', { href: `#/patient/consent/${encodeURIComponent(sessionId)}` }, 'What facial analysis means')))));

  const sending = () => state.consent && state.analysisActive && state.status === 'live' && state.cameraOn && !controls?.cameraOff && state.joined && live?.connected;

  const render = () => {
    let why;
    if (state.status === 'ended') why = 'the session has ended';
    else if (!state.consent) why = 'you have not allowed it';
    else if (state.status !== 'live') why = 'waiting for your therapist to start the session';
    else if (!state.cameraOn || controls?.cameraOff) why = 'the camera is off';
    else if (!state.analysisActive) why = 'waiting for the server';
    else if (!state.joined || !live?.connected) why = 'not connected';
    indicator.set(sending(), why ?? 'pictures from your camera are being analysed');

    statusLine.textContent = {
      scheduled: 'Your therapist has not started the session yet. You can wait here.',
      live: 'The session is live.',
      ended: 'The session has ended. Thank you.',
    }[state.status] ?? '';
    if (state.status === 'ended') {
      statusLine.append(' ', h('a', { href: `#/summary/${encodeURIComponent(sessionId)}` }, 'See the session summary'));
    }

    replace(consentArea, state.consent
      ? actionButton('Stop facial analysis', withdraw, { class: 'danger', 'data-testid': 'withdraw' })
      : state.status !== 'ended'
        ? h('a', { class: 'button primary', href: `#/patient/consent/${encodeURIComponent(sessionId)}` }, 'Allow facial analysis…')
        : null);
    cameraButton.hidden = Boolean(stream) || state.status === 'ended';
    controls?.refresh();
    syncCall();

    if (sending() && state.facePresent === false) {
      replace(faceHint, notice('warning', h('p', null, 'Your face is not visible to the analysis. Face the camera, with light in front of you rather than behind.')));
    } else {
      replace(faceHint);
    }
  };

  async function withdraw() {
    // Stop first: no frame leaves after the click, whatever the server answers.
    state.consent = false;
    render();
    const updated = await Api.setConsent(sessionId, false);
    state.consent = Boolean(updated.facialAnalysis);
    replace(cameraMessage, notice('info', h('p', null, 'Facial analysis is stopped: no more pictures are sent for analysis. Your camera stays on for the call only, and your session goes on as normal.')));
    render();
  }

  async function startCamera() {
    replace(cameraMessage);
    const opened = await openMedia({ width: { ideal: FRAME_WIDTH * 2 }, height: { ideal: FRAME_HEIGHT * 2 }, facingMode: 'user' });
    if (!opened.stream || !opened.stream.getVideoTracks().length) {
      replace(cameraMessage, errorBox(cameraError(opened.error)));
      cameraButton.textContent = 'Try the camera again';
    }
    const late = mediaSettled;
    mediaSettled = true;
    if (!opened.stream) {
      render();
      return;
    }
    if (state.disposed) {
      for (const track of opened.stream.getTracks()) track.stop();
      return;
    }
    stream = opened.stream;
    // A camera that started after the call began (the person retried) reaches the therapist through a new call.
    if (late) call?.restart();
    video.srcObject = stream;
    await video.play().catch(() => {});
    state.cameraOn = stream.getVideoTracks().length > 0;
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => {
        state.cameraOn = false;
        replace(cameraMessage, notice('warning', h('p', null, 'The camera stopped (it was unplugged or turned off). Press "Turn the camera on" to try again.')));
        render();
      });
    }
    render();
  }

  function stopCamera() {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.srcObject = null;
    state.cameraOn = false;
  }

  async function playRemote() {
    playButton.hidden = true;
    // Browsers may hold back sound until the person has used the page: then a button starts it.
    await remoteVideo.play().catch((error) => {
      // Only a refusal needs the person; a play() cut short by the next track arriving is not one.
      if (error?.name === 'NotAllowedError') playButton.hidden = !remoteVideo.srcObject;
    });
  }

  function syncCall() {
    if (!call || !mediaSettled || !state.joined || callSynced === state.status) return;
    callSynced = state.status;
    call.sync(state.status);
  }

  async function captureJpeg() {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return null;
    // Centre crop to 4:3, scaled to 320 x 240.
    const scale = Math.min(width / FRAME_WIDTH, height / FRAME_HEIGHT);
    const sw = FRAME_WIDTH * scale;
    const sh = FRAME_HEIGHT * scale;
    const context = canvas.getContext('2d');
    context.drawImage(video, (width - sw) / 2, (height - sh) / 2, sw, sh, 0, 0, FRAME_WIDTH, FRAME_HEIGHT);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', state.quality));
    return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
  }

  async function tick() {
    if (state.inFlight || !sending()) return;
    state.inFlight = true;
    try {
      // In the server's time: it refuses frames stamped too far from its own clock, whatever this device's clock says.
      const capturedAt = Date.now() + state.clockOffsetMs;
      const jpeg = await captureJpeg();
      // Checked again after the capture: a withdrawal in between wins.
      if (!jpeg || !sending()) return;
      const outcome = await live.invoke('SendFrame', sessionId, toBase64(jpeg), ++state.sequence, capturedAt);
      onOutcome(outcome);
    } catch (error) {
      lastResult.textContent = `not sent (${hubMessage(error)})`;
    } finally {
      state.inFlight = false;
    }
  }

  function onOutcome(outcome) {
    const texts = {
      queued: 'sent',
      replaced: 'sent',
      'refused-size': 'too large, skipped',
      'refused-rate': 'skipped (too fast)',
      'refused-overload': 'skipped: the service is busy',
      'refused-clock': 'skipped: the time was off, setting it again',
      'refused-not-image': 'skipped: not a picture',
      'analysis-off': 'not analysed: analysis is off',
      'not-live': 'not analysed: the session is not live',
    };
    lastResult.textContent = texts[outcome] ?? String(outcome);
    if (outcome === 'queued' || outcome === 'replaced') {
      state.sent++;
      sentValue.textContent = String(state.sent);
    } else if (outcome === 'refused-size') {
      state.quality = Math.max(0.4, state.quality - 0.1);
    } else if (outcome === 'analysis-off') {
      state.analysisActive = false;
      render();
    } else if (outcome === 'not-live') {
      refreshSession();
    } else if (outcome === 'refused-clock' && Date.now() - state.lastJoinAt > REJOIN_AFTER_MS) {
      // This device's clock jumped since the join: joining again learns the server's time anew.
      join().catch(() => {});
    }
  }

  async function join() {
    state.lastJoinAt = Date.now();
    const joined = await live.invoke('JoinAsPatient', sessionId);
    state.clockOffsetMs = Number(joined.serverTimeUnixMs) - Date.now();
    state.status = statusOf(joined.status);
    state.analysisActive = Boolean(joined.analysisActive);
    state.joined = true;
  }

  async function refreshSession() {
    try {
      const current = await Api.session(sessionId);
      state.status = statusOf(current.status);
      state.consent = Boolean(current.facialAnalysisConsent);
      state.analysisActive = Boolean(current.analysisActive);
      if (state.status === 'ended') stopCamera();
    } catch {
      // The hub's events keep the page right; a failed refresh changes nothing.
    }
    render();
  }

  live = openLive({
    handlers: {
      call: (message) => call?.handle(message),
      analysis: (message) => {
        if (message?.sessionId && message.sessionId !== sessionId) return;
        state.analysisActive = Boolean(message?.active);
        render();
        refreshSession();
      },
      insight: (insight) => {
        if (insight?.sessionId !== sessionId) return;
        // Frames the analysis could not use after they were queued (a corrupt picture, say) are counted here.
        state.unusable = Number(insight.aggregate?.rejectedFrames ?? state.unusable);
        unusableValue.textContent = String(state.unusable);
        state.status = statusOf(insight.status);
        state.analysisActive = Boolean(insight.analysisActive);
        if (insight.latest && typeof insight.latest.facePresent === 'boolean') state.facePresent = insight.latest.facePresent;
        if (state.status === 'ended') stopCamera();
        render();
      },
    },
    onState: (s, message) => {
      if (s !== 'connected') {
        state.joined = false;
        callSynced = null;
        call?.disconnected();
      }
      connection.set(s, message);
      render();
    },
    onConnected: async () => {
      await join();
      // Watching its own session tells the patient's page whether a face is seen; patients' reads are not audited.
      await live.invoke('Watch', sessionId).catch(() => null);
      render();
    },
  });

  call = openCall({
    live,
    sessionId,
    role: 'patient',
    getStream: () => stream,
    onRemote: (remote) => {
      // Each track of the call arrives on its own; the stream they join is set once.
      if (remoteVideo.srcObject !== remote) remoteVideo.srcObject = remote;
      if (remote) playRemote();
    },
    onState: (callState) => controls.set(callState),
  });
  controls = callControls(h, { getStream: () => stream, call, status: () => state.status });
  controls.onchange = render;
  callArea.append(controls.element);

  timer = setInterval(tick, 1000 / captureFramesPerSecond(consent));
  // Before the therapist starts, look now and then whether they have (the hub also says so when analysis turns on).
  const poll = setInterval(() => {
    if (state.status === 'scheduled') refreshSession();
  }, 10000);
  render();
  if (state.status !== 'ended') startCamera();
  else mediaSettled = true;

  return async () => {
    state.disposed = true;
    clearInterval(timer);
    clearInterval(poll);
    await call.dispose();
    stopCamera();
    await live.stop();
  };
}

function cameraError(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was blocked. For the call and for facial analysis, allow the camera and microphone for this site in your browser (the camera symbol in the address bar or the site settings), then press "Try the camera again".';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera and press "Try the camera again". Your therapist can still hear you if a microphone works.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started; another app may be using it. Close that app and press "Try the camera again".';
    case 'Unsupported':
      return 'This browser cannot use a camera here. The camera needs a secure (https) connection and a current browser.';
    default:
      return `The camera could not be started (${error?.message ?? error}).`;
  }
}
