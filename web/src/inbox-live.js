// A therapist's inbox, live: new alerts (crisis alerts from the support chat among them) arrive over the chat hub
// (/hubs/chat, WatchAlerts) on every therapist page that mounts this, whatever else the page is connected to.
import { h } from './dom.js';
import { openLive } from './live.js';

/** A notice that announces each new alert (role=alert); `onAlert(alert)` also runs. Returns { element, stop }. */
export function inboxAlerts(describe, onAlert = () => {}) {
  const element = h('p', { class: 'notice notice-error', role: 'alert', 'data-testid': 'live-alert', hidden: true });
  const live = openLive({
    url: '/hubs/chat',
    handlers: {
      inboxAlert: (alert) => {
        element.hidden = false;
        element.textContent = `New alert — ${describe(alert)}`;
        onAlert(alert);
      },
    },
    onConnected: () => live.invoke('WatchAlerts'),
  });
  return { element, stop: () => live.stop() };
}
