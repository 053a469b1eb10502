// The WebRTC call between a live session's patient and its therapist. Media go peer to peer (or through the configured
// TURN relay) and are never sent to or stored by the server; the hub only carries the signalling (JoinCall, SendSignal,
// LeaveCall and the 'call' event), and only between the session's two participants.
// The therapist's page makes every offer; the patient's page answers. Each offer starts a call with a fresh id, and
// messages of any other call are ignored, so a reload or reconnect on either side never mixes two calls.
// Each side has one seat in the call: the page that joined last holds it, and a page whose seat another tab or device of
// the same person took is told so ('replaced'), hangs up its peer connection and offers to take the call back.
// TURN credentials expire; each page renews them before then (the server says when) and has ICE restarted on the same
// call, so that the relay allocations the call keeps using are made with credentials that still work.
import { hubMessage } from './live.js';

const MAX_PENDING_CANDIDATES = 100;
// How long a failed renewal of the TURN credentials waits before it tries again.
const RENEWAL_RETRY_MS = 30_000;

/**
 * One camera and microphone stream for the page: the call sends it and the patient's analysis frames are drawn from it.
 * Falls back to the camera alone, then the microphone alone. Returns { stream } or { error }.
 */
export async function openMedia(video) {
  if (!navigator.mediaDevices?.getUserMedia) return { error: { name: 'Unsupported' } };
  let firstError = null;
  for (const constraints of [{ audio: true, video }, { audio: false, video }, { audio: true, video: false }]) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(constraints) };
    } catch (error) {
      firstError ??= error;
    }
  }
  return { error: firstError };
}

/**
 * Runs the call of `sessionId` for `role` ('patient' or 'therapist') over the page's hub (`live`, from openLive).
 * `getStream()` gives the local stream (or null); `onRemote(stream)` gets the other side's media;
 * `onState({ phase, route, detail, renewals })` hears 'idle', 'waiting', 'connecting', 'connected', 'failed', 'left',
 * 'replaced' (the call went on in another window) and 'error', with how often the TURN credentials were renewed.
 */
export function openCall({ live, sessionId, role, getStream, onRemote, onState }) {
  let pc = null;
  let callId = null;
  let config = null;
  let joined = false;
  let hungUp = false;
  let phase = 'idle';
  let phaseDetail;
  let route = null;
  let renewTimer = null;
  let renewDue = false;
  let renewals = 0;
  let restartPending = false;
  let restarting = false;
  const pending = new Map();

  const report = (next, detail) => {
    phase = next;
    phaseDetail = detail;
    onState({ phase, route, detail, renewals });
  };

  const up = () => pc && ['connected', 'connecting'].includes(pc.connectionState);

  const send = (signal) => live.invoke('SendSignal', sessionId, { callId, sdpMid: null, sdpMLineIndex: null, sdp: null, candidate: null, ...signal });

  function close() {
    if (pc) {
      pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null;
      pc.close();
    }
    pc = null;
    callId = null;
    route = null;
    onRemote(null);
  }

  function newPeer(id) {
    close();
    callId = id;
    const remote = new MediaStream();
    pc = new RTCPeerConnection(config);
    const mine = pc;
    pc.onicecandidate = (event) => {
      if (!event.candidate || mine !== pc) return;
      const { candidate, sdpMid, sdpMLineIndex } = event.candidate;
      send({ kind: 'candidate', candidate, sdpMid, sdpMLineIndex }).catch(() => {});
    };
    pc.ontrack = (event) => {
      remote.addTrack(event.track);
      onRemote(remote);
    };
    pc.onconnectionstatechange = async () => {
      if (mine !== pc) return;
      const state = pc.connectionState;
      if (state === 'connected') {
        route = await routeOf(pc);
        if (mine === pc) report('connected');
      } else if (state === 'failed') {
        report('failed', 'The call could not get through. Trying again…');
        // A new call with fresh ICE, from the side that makes offers.
        if (role === 'therapist') offer().catch((error) => report('error', hubMessage(error)));
      } else if (state === 'disconnected') {
        report('connecting', 'The call is interrupted. Waiting for it to come back…');
      }
    };
    const queued = pending.get(id) ?? [];
    pending.clear();
    pending.set(id, queued);
    return pc;
  }

  async function flush() {
    const queued = pending.get(callId) ?? [];
    pending.delete(callId);
    for (const candidate of queued) await pc.addIceCandidate(candidate).catch(() => {});
  }

  function configOf(answerOfServer) {
    return {
      iceServers: (answerOfServer.iceServers ?? []).map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username, credential: s.credential } : {}) })),
      iceTransportPolicy: answerOfServer.relayOnly ? 'relay' : 'all',
    };
  }

  function stopRenewals() {
    clearTimeout(renewTimer);
    renewTimer = null;
    renewDue = false;
  }

  /** Renews the credentials when the server said to, or retries a renewal that failed. */
  function renewIn(ms) {
    clearTimeout(renewTimer);
    renewTimer = ms == null ? null : setTimeout(() => {
      renewDue = true;
      renew();
    }, ms);
  }

  async function renew() {
    // Without the hub, the next join renews them.
    if (!joined || hungUp) return;
    try {
      const answerOfServer = await live.invoke('RenewCallCredentials', sessionId);
      if (!joined || hungUp) return;
      renewDue = false;
      config = configOf(answerOfServer);
      renewIn(answerOfServer.renewCredentialsInMs);
      renewals++;
      if (pc) {
        pc.setConfiguration(config);
        await restartIce();
      }
      report(phase, phaseDetail);
    } catch {
      // The hub was reconnecting, say: the next join renews them, or this tries again.
      if (joined && !hungUp) renewIn(RENEWAL_RETRY_MS);
    }
  }

  /** New ICE on the same call, gathered with the current credentials; the therapist's page makes every offer. */
  async function restartIce() {
    if (role === 'patient') {
      await send({ kind: 'restartIce' });
      return;
    }
    // One offer at a time: a restart asked for meanwhile (both pages renew at about the same time) follows the answer.
    if (restarting || pc.signalingState !== 'stable') {
      restartPending = true;
      return;
    }
    restarting = true;
    restartPending = false;
    const peer = pc;
    try {
      await peer.setLocalDescription(await peer.createOffer({ iceRestart: true }));
      if (peer === pc) await send({ kind: 'offer', sdp: peer.localDescription.sdp });
    } finally {
      restarting = false;
    }
  }

  async function offer() {
    const peer = newPeer(randomId());
    const stream = getStream();
    for (const kind of ['audio', 'video']) {
      const track = stream?.getTracks().find((t) => t.kind === kind);
      if (track) peer.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
      else peer.addTransceiver(kind, { direction: 'recvonly' });
    }
    await peer.setLocalDescription(await peer.createOffer());
    report('connecting');
    await send({ kind: 'offer', sdp: peer.localDescription.sdp });
  }

  async function answer(message) {
    const peer = message.callId === callId && pc ? pc : newPeer(message.callId);
    await peer.setRemoteDescription({ type: 'offer', sdp: message.sdp });
    const stream = getStream();
    for (const transceiver of peer.getTransceivers()) {
      const track = stream?.getTracks().find((t) => t.kind === transceiver.receiver.track.kind);
      if (!track) continue;
      await transceiver.sender.replaceTrack(track);
      transceiver.sender.setStreams?.(stream);
      transceiver.direction = 'sendrecv';
    }
    await peer.setLocalDescription(await peer.createAnswer());
    // An offer on a connected call (an ICE restart) keeps it connected: its state does not change, nor does the page's.
    if (peer.connectionState !== 'connected') report('connecting');
    await send({ kind: 'answer', sdp: peer.localDescription.sdp });
    await flush();
  }

  async function handle(message) {
    if (!message || message.sessionId !== sessionId || hungUp || !joined) return;
    switch (message.kind) {
      case 'offer':
        if (role === 'patient') await answer(message);
        break;
      case 'answer':
        if (role === 'therapist' && message.callId === callId && pc?.signalingState === 'have-local-offer') {
          await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
          await flush();
          if (restartPending) await restartIce();
        }
        break;
      case 'restartIce':
        // The patient's page renewed its credentials: new ICE lets it allocate relays with them.
        if (role === 'therapist' && message.callId === callId && pc) await restartIce();
        break;
      case 'replaced':
        // Another window or device of this person joined the call and holds this side's seat: the call goes on there,
        // and this page lets go of its peer connection without telling the other side.
        hungUp = true;
        joined = false;
        stopRenewals();
        close();
        report('replaced');
        break;
      case 'candidate': {
        const candidate = { candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex };
        if (message.callId === callId && pc?.remoteDescription) {
          await pc.addIceCandidate(candidate).catch(() => {});
        } else if (message.callId === callId || role === 'patient') {
          // Before the offer or answer it belongs to: kept until then.
          const queued = pending.get(message.callId) ?? [];
          if (queued.length < MAX_PENDING_CANDIDATES) queued.push(candidate);
          pending.set(message.callId, queued);
        }
        break;
      }
      case 'joined':
        // The other side opened, reloaded or reconnected its page: keep the call it still has, else start afresh.
        if (message.callId && message.callId === callId && up()) break;
        if (role === 'therapist') {
          await offer();
        } else {
          close();
          report('waiting');
          // The therapist kept a call this page no longer has: joining again asks for a new one.
          if (message.callId) await join();
        }
        break;
      case 'left':
        close();
        report('waiting', role === 'therapist' ? 'The patient left the call.' : 'Your therapist left the call.');
        break;
      default:
        break;
    }
  }

  async function join() {
    hungUp = false;
    const keep = up();
    const answerOfServer = await live.invoke('JoinCall', sessionId, keep ? callId : null);
    config = configOf(answerOfServer);
    joined = true;
    if (keep) {
      // The running call's relays were allocated with earlier credentials: their renewal stays as scheduled, or is due.
      if (renewDue) await renew();
      return;
    }
    // A new call gathers with these credentials: their renewal replaces any earlier one.
    stopRenewals();
    renewIn(answerOfServer.renewCredentialsInMs);
    report('waiting');
    if (role === 'therapist') await offer();
  }

  return {
    get phase() {
      return phase;
    },
    get hungUp() {
      return hungUp;
    },
    /** Joins while the session is live (again after a reconnect), unless the person hung up; ends the call otherwise. */
    async sync(status) {
      if (status === 'live' && !hungUp) {
        await join().catch((error) => report('error', hubMessage(error)));
      } else if (status === 'ended') {
        joined = false;
        stopRenewals();
        close();
        report('idle', 'The session has ended.');
      }
    },
    /** The hub connection dropped: the media carry on, the page joins again once it is back. */
    disconnected() {
      joined = false;
    },
    handle: (message) => handle(message).catch((error) => report('error', hubMessage(error))),
    async hangUp() {
      hungUp = true;
      joined = false;
      stopRenewals();
      close();
      report('left', 'You left the call.');
      await live.invoke('LeaveCall', sessionId).catch(() => {});
    },
    /** The local media changed (a camera that started late): a new call carries them. */
    async restart() {
      if (!joined || hungUp) return;
      close();
      await join().catch((error) => report('error', hubMessage(error)));
    },
    async rejoin(status) {
      hungUp = false;
      await this.sync(status);
    },
    /** Ends everything when the page is left. */
    async dispose() {
      const wasJoined = joined;
      hungUp = true;
      joined = false;
      stopRenewals();
      close();
      if (wasJoined && live.connected) await live.invoke('LeaveCall', sessionId).catch(() => {});
    },
  };
}

/** 'relay' when the selected candidate pair goes through TURN, else 'direct'. */
async function routeOf(pc) {
  try {
    const stats = await pc.getStats();
    let pairId = null;
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : [...stats.values()].find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    const local = pair ? stats.get(pair.localCandidateId) : null;
    return local?.candidateType === 'relay' ? 'relay' : 'direct';
  } catch {
    return null;
  }
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Mute, camera off and leave/rejoin controls and the call's state in words; keyboard-usable plain buttons. */
export function callControls(h, { getStream, call, status }) {
  const line = h('p', { class: 'call-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'call-status', 'data-state': 'idle' }, 'The call starts when the session is live.');
  const mute = h('button', { type: 'button', 'aria-pressed': 'false', 'data-testid': 'mute' }, 'Mute microphone');
  const camera = h('button', { type: 'button', 'aria-pressed': 'false', 'data-testid': 'camera-off' }, 'Turn camera off');
  const leave = h('button', { type: 'button', class: 'danger', 'data-testid': 'leave-call', disabled: true }, 'Leave call');
  const toggle = (kind, button, onLabel, offLabel) => () => {
    const tracks = getStream()?.getTracks().filter((t) => t.kind === kind) ?? [];
    if (!tracks.length) return;
    const off = tracks[0].enabled;
    for (const track of tracks) track.enabled = !off;
    button.setAttribute('aria-pressed', String(off));
    button.textContent = off ? onLabel : offLabel;
    controls.onchange?.();
  };
  mute.onclick = toggle('audio', mute, 'Unmute microphone', 'Mute microphone');
  camera.onclick = toggle('video', camera, 'Turn camera on', 'Turn camera off');
  leave.onclick = async () => {
    leave.disabled = true;
    if (call.hungUp) await call.rejoin(status());
    else await call.hangUp();
    leave.disabled = false;
  };
  const words = {
    idle: 'The call starts when the session is live.',
    waiting: 'Waiting for the other person to join the call…',
    connecting: 'Connecting the call…',
    connected: 'In the call',
    failed: 'The call could not get through.',
    left: 'You left the call.',
    replaced: 'The call continues in another window or on another device of yours',
    error: 'The call has a problem',
  };
  const controls = {
    element: h('div', { class: 'call-controls' }, line, h('div', { class: 'button-row' }, mute, camera, leave)),
    onchange: null,
    set({ phase, route, detail, renewals }) {
      line.dataset.state = phase;
      line.dataset.route = route ?? '';
      line.dataset.renewals = String(renewals ?? 0);
      const via = phase === 'connected' && route ? (route === 'relay' ? ' (through the relay server)' : ' (direct)') : '';
      line.textContent = `${words[phase] ?? phase}${via}${detail && phase !== 'connected' ? `: ${detail}` : ''}`;
      leave.textContent = phase === 'replaced' ? 'Take the call here' : call.hungUp ? 'Join the call again' : 'Leave call';
      // Nothing to leave before the session is live or after it ended.
      leave.disabled = phase === 'idle' && !call.hungUp;
    },
    refresh() {
      const stream = getStream();
      mute.disabled = !stream?.getAudioTracks().length;
      camera.disabled = !stream?.getVideoTracks().length;
    },
    /** Whether the camera is switched off by the person (the track exists but sends black). */
    get cameraOff() {
      return camera.getAttribute('aria-pressed') === 'true';
    },
  };
  return controls;
}
