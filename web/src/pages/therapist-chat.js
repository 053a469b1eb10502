// A patient's support chat as their therapist sees it: only when the patient shares it, and every read is audited.
import { request } from '../api.js';
import { h } from '../dom.js';
import { errorBox } from './common.js';

export async function therapistChat(root, { params }) {
  const [patientId] = params;
  root.append(h('h1', null, 'Shared support chat'));
  try {
    const view = await request('GET', `/api/chat/shared/${encodeURIComponent(patientId)}`);
    root.append(
      view.safety ? h('p', { class: 'notice notice-error' }, 'The conversation is in the safety flow: the patient has been shown helplines.') : null,
      h('ol', { class: 'chat-log', 'aria-label': 'Conversation', 'data-testid': 'shared-chat' }, view.entries.map((e) => h('li', { class: `chat-line chat-${e.speaker}` },
        h('span', { class: 'sr-only' }, e.speaker === 'bot' ? 'Support bot: ' : 'Patient: '), e.text))));
  } catch (error) {
    root.append(errorBox(error));
  }
  return null;
}
