// Pieces several pages share.
import { h } from '../dom.js';
import { STATUS_LABELS, statusOf } from '../emotions.js';

export function errorBox(error) {
  return h('div', { class: 'notice notice-error', role: 'alert' }, h('p', null, String(error?.message ?? error)));
}

export function notice(kind, ...children) {
  return h('div', { class: `notice notice-${kind}` }, ...children);
}

export function statusBadge(status) {
  const s = statusOf(status);
  return h('span', { class: `badge badge-${s}` }, STATUS_LABELS[s] ?? s);
}

/** The big "analysis on/off" indicator; words and a symbol, not colour alone. */
export function analysisIndicator() {
  const text = h('span', { class: 'analysis-text' });
  const detail = h('span', { class: 'analysis-detail' });
  const element = h('div', { class: 'analysis analysis-off', role: 'status', 'aria-live': 'polite', 'data-testid': 'analysis-indicator' },
    h('span', { class: 'analysis-dot', 'aria-hidden': 'true' }), h('span', null, text, detail));
  return {
    element,
    set(active, why) {
      element.classList.toggle('analysis-on', Boolean(active));
      element.classList.toggle('analysis-off', !active);
      element.dataset.state = active ? 'on' : 'off';
      text.textContent = active ? 'Facial analysis is ON' : 'Facial analysis is OFF';
      detail.textContent = why ? ` — ${why}` : '';
    },
  };
}

/** The live connection's state in words. */
export function connectionIndicator() {
  const element = h('p', { class: 'connection', 'data-state': 'connecting', role: 'status', 'aria-live': 'polite', 'data-testid': 'connection' }, 'Connecting…');
  const labels = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected', error: 'Problem' };
  return {
    element,
    set(state, message) {
      element.dataset.state = state;
      element.textContent = message ? `${labels[state] ?? state}: ${message}` : labels[state] ?? state;
    },
  };
}

/** A button that disables itself while its async action runs, and reports failures next to itself. */
export function actionButton(label, action, attrs = {}) {
  const message = h('span', { class: 'inline-error', role: 'alert' });
  const button = h('button', {
    type: 'button',
    ...attrs,
    onclick: async () => {
      button.disabled = true;
      message.textContent = '';
      try {
        await action();
      } catch (error) {
        message.textContent = String(error?.message ?? error);
      } finally {
        if (button.isConnected) button.disabled = false;
      }
    },
  }, label);
  return h('span', { class: 'action' }, button, message);
}
