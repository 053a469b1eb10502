// The live session hub (/hubs/session, JSON protocol, signed in by the same cookie). Reconnects on its own with
// backoff; after a reconnect the page re-joins (JoinAsPatient / Watch), because a new connection belongs to no group.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { request, signedOut } from './api.js';

export const HUB_URL = '/hubs/session';
export const RECONNECT_DELAYS_MS = [0, 2000, 5000, 10000, 30000];
/** After the automatic attempts give up, try again this often until the page is left. */
const RESTART_DELAY_MS = 30000;

let unloading = false;
addEventListener('pagehide', () => { unloading = true; });

/**
 * The SignalR client's warnings and errors on the console, except once the page is being left or the connection was
 * stopped on purpose: a negotiation cancelled then is not a fault.
 */
function clientLogger(deliberatelyStopped) {
  return {
    log(level, message) {
      if (unloading || deliberatelyStopped() || level < LogLevel.Warning || level === LogLevel.None) return;
      const line = `[${new Date().toISOString()}] ${LogLevel[level]}: ${message}`;
      if (level >= LogLevel.Error) console.error(line);
      else console.warn(line);
    },
  };
}

/**
 * Opens the hub. `onState(state, detail)` hears 'connecting', 'connected', 'reconnecting', 'disconnected';
 * `onConnected()` runs after every (re)connection, the first included, to join the session again.
 * `handlers` maps event names (insight, alert, analysis, accessRevoked) to functions. `url` picks the hub (/hubs/chat
 * for the support chat and inbox alerts). When the connection's credential ended, the server says so (accessRevoked
 * without a session: the password changed, an admin disabled the account, or the sign-in was ended in another tab) and
 * closes the connection: the page asks whether its sign-in still works, and goes back to the sign-in form, with the
 * server's reason, when it does not, or connects again at once when it does (this browser changed the password and
 * holds the renewed cookie).
 */
export function openLive({ url = HUB_URL, handlers = {}, onState = () => {}, onConnected = async () => {} }) {
  let stopped = false;
  const connection = new HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect(RECONNECT_DELAYS_MS)
    .configureLogging(clientLogger(() => stopped))
    .build();
  for (const [name, handler] of Object.entries(handlers)) {
    if (name !== 'accessRevoked') connection.on(name, handler);
  }

  let restartTimer = null;
  /** The server's reason when it is about to close the connection because its credential ended. */
  let credentialEnded = null;

  connection.on('accessRevoked', (message) => {
    if (!message?.sessionId) {
      credentialEnded = message?.detail || 'Your sign-in has ended.';
      return;
    }
    handlers.accessRevoked?.(message);
  });

  const joined = async () => {
    try {
      await onConnected();
      onState('connected');
    } catch (error) {
      onState('error', hubMessage(error));
    }
  };

  const start = async () => {
    if (stopped) return;
    onState('connecting');
    try {
      await connection.start();
    } catch (error) {
      if (stopped) return;
      if (error?.statusCode === 401 || /Status code '401'/.test(String(error?.message))) {
        // The sign-in expired: the app goes back to the sign-in page, which stops this connection.
        signedOut(error);
        return;
      }
      onState('disconnected', `Could not connect to the live service. Trying again in ${RESTART_DELAY_MS / 1000} seconds.`);
      restartTimer = setTimeout(start, RESTART_DELAY_MS);
      return;
    }
    await joined();
  };

  connection.onreconnecting(() => onState('reconnecting', 'The connection dropped. Reconnecting…'));
  connection.onreconnected(joined);
  connection.onclose(async () => {
    if (stopped) return;
    if (credentialEnded) {
      const reason = credentialEnded;
      credentialEnded = null;
      try {
        await request('GET', '/api/me', undefined, { quiet401: true });
        start();
        return;
      } catch (error) {
        if (error?.status === 401) {
          // Signing the page out stops this connection.
          signedOut(Object.assign(error, { reason }));
          return;
        }
      }
    }
    onState('disconnected', `The connection was lost. Trying again in ${RESTART_DELAY_MS / 1000} seconds.`);
    restartTimer = setTimeout(start, RESTART_DELAY_MS);
  });

  start();

  return {
    connection,
    get connected() {
      return connection.state === HubConnectionState.Connected;
    },
    invoke: (method, ...args) => connection.invoke(method, ...args),
    /** Tries at once instead of waiting for the next attempt. */
    retryNow() {
      if (connection.state !== HubConnectionState.Disconnected) return;
      clearTimeout(restartTimer);
      start();
    },
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      await connection.stop().catch(() => {});
    },
  };
}

/** The message of a HubException, without SignalR's prefix. */
export function hubMessage(error) {
  const text = String(error?.message ?? error ?? 'Unknown error');
  const marker = 'HubException: ';
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
}

/** Bytes → base64, with standard APIs only (the JSON hub protocol carries byte[] as a base64 string). */
export function toBase64(bytes) {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
