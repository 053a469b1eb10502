// The support chat: authored replies only, an SOS button that is always on screen, helplines as tap-to-call and
// tap-to-text links, and a live region that reads each reply out. Every text from the server is set as text, never HTML.
import { request } from '../api.js';
import { h, replace } from '../dom.js';
import { errorBox } from './common.js';

const Chat = {
  open: () => request('POST', '/api/chat/open'),
  send: (body) => request('POST', '/api/chat/messages', body),
  sos: () => request('POST', '/api/chat/sos'),
  share: (shared) => request('PUT', '/api/chat/sharing', { shared }),
  get: () => request('GET', '/api/chat'),
};

function helplineBlock(helplines) {
  if (!helplines) return null;
  return h('section', { class: 'helplines', 'aria-label': 'Helplines', 'data-testid': 'helplines' },
    h('h2', null, 'Help right now'),
    helplines.links.length
      ? h('ul', { class: 'plain-list helpline-list' }, helplines.links.map((link) => h('li', null,
        h('a', { class: `button ${link.emergency ? 'danger' : 'primary'}`, href: link.href },
          `${link.kind === 'text' ? 'Text' : 'Call'} ${link.emergency ? 'emergency' : link.name} ${link.number}`),
        link.needsConfirmation ? h('span', { class: 'muted' }, ' (to be confirmed)') : null)))
      : null,
    h('p', null, helplines.note));
}

function timerBlock(timer) {
  if (!timer) return null;
  const label = h('p', { class: 'timer-phase', 'aria-live': 'polite', 'data-testid': 'timer-phase' }, 'Get ready…');
  const count = h('p', { class: 'timer-count', 'data-testid': 'timer-count' }, '');
  let stopped = false;
  const run = async () => {
    for (let round = 1; round <= timer.rounds && !stopped; round++) {
      for (const phase of timer.phases) {
        label.textContent = `${phase.label} (round ${round} of ${timer.rounds})`;
        for (let s = phase.seconds; s > 0 && !stopped; s--) {
          count.textContent = String(s);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    }
    if (!stopped) label.textContent = 'Finished. Well done.';
    count.textContent = '';
  };
  const stop = h('button', { type: 'button', onclick: () => { stopped = true; label.textContent = 'Stopped.'; } }, 'Stop timer');
  const block = h('section', { class: 'card timer', 'aria-label': timer.name, 'data-testid': 'exercise-timer' }, h('h2', null, timer.name), label, count, stop);
  run();
  return block;
}

export async function patientChat(root) {
  const log = h('ol', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'chat-log' });
  const extras = h('div', { class: 'chat-extras' });
  const choices = h('div', { class: 'chat-choices', role: 'group', 'aria-label': 'Answers you can tap' });
  const input = h('input', { id: 'chat-input', type: 'text', maxlength: '1000', autocomplete: 'off' });
  const error = h('div');
  const share = h('input', { id: 'chat-share', type: 'checkbox' });
  const sos = h('button', { type: 'button', class: 'danger sos', 'data-testid': 'sos' }, 'SOS: I need help now');

  const line = (speaker, text) => log.append(h('li', { class: `chat-line chat-${speaker}` },
    h('span', { class: 'sr-only' }, speaker === 'bot' ? 'Support bot: ' : 'You: '), text));

  const show = (reply) => {
    for (const message of reply.messages) line('bot', message);
    replace(extras, helplineBlock(reply.helplines), timerBlock(reply.timer),
      reply.resources?.length ? h('ul', { class: 'plain-list' }, reply.resources.map((r) => h('li', null, h('strong', null, r.title), ` — ${r.summary}`))) : null);
    replace(choices, reply.choices.map((c) => h('button', { type: 'button', onclick: () => turn({ choiceId: c.id }, c.label) }, c.label)));
    log.lastElementChild?.scrollIntoView({ block: 'nearest' });
  };

  const turn = async (body, said) => {
    replace(error);
    if (said) line('patient', said);
    try {
      show(await Chat.send(body));
    } catch (e) {
      replace(error, errorBox(e));
    }
  };

  sos.addEventListener('click', async () => {
    line('patient', 'SOS');
    try {
      show(await Chat.sos());
    } catch (e) {
      replace(error, errorBox(e));
    }
  });

  root.append(
    h('div', { class: 'sos-bar' }, sos),
    h('h1', null, 'Support chat'),
    h('p', { class: 'muted' }, 'A computer program with written replies, not a person. It reads the emotion in your words to reply, which is an estimate, not a diagnosis.'),
    log, extras, choices,
    h('form', { class: 'chat-form', onsubmit: (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      turn({ text }, text);
    } },
    h('label', { for: 'chat-input' }, 'Your message'), input, h('button', { type: 'submit', class: 'primary' }, 'Send')),
    error,
    h('p', { class: 'field inline-field' }, share, h('label', { for: 'chat-share' }, 'Share this conversation with my therapist')));

  share.addEventListener('change', async () => {
    try {
      await Chat.share(share.checked);
    } catch (e) {
      replace(error, errorBox(e));
    }
  });

  try {
    const view = await Chat.get();
    share.checked = view.sharedWithTherapist;
    for (const entry of view.entries) line(entry.speaker, entry.text);
    show(await Chat.open());
  } catch (e) {
    replace(error, errorBox(e));
  }
  input.focus();
  return null;
}
