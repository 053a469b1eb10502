import { Api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime, statusOf } from '../emotions.js';
import { loadModel, patientModelSentence } from '../model.js';
import { captureFramesPerSecond } from './patient-session.js';
import { errorBox, notice } from './common.js';

export async function consentPage(root, { params: [sessionId], navigate }) {
  const [consent, session, model] = await Promise.all([Api.consent(sessionId), Api.session(sessionId), loadModel()]);

  const state = h('div', { role: 'status', 'aria-live': 'polite' });
  const buttons = h('div', { class: 'button-row' });
  const error = h('div');

  const ended = statusOf(session.status) === 'ended';
  const show = (current) => {
    replace(state, current.facialAnalysis
      ? notice('success', h('p', null, h('strong', null, 'You allow facial analysis in this session'),
        current.changedAt ? ` (since ${formatDateTime(current.changedAt)})` : '', '.'))
      : notice('neutral', h('p', null, h('strong', null, 'Facial analysis is not allowed in this session'),
        current.changedAt ? ` (you decided at ${formatDateTime(current.changedAt)})` : ' (you have not decided yet)', '.')));
    if (ended) {
      replace(buttons, h('p', null, 'This session has ended, so there is nothing more to decide. ',
        h('a', { href: `#/summary/${encodeURIComponent(sessionId)}` }, 'See its summary')));
      return;
    }
    replace(buttons, current.facialAnalysis
      ? [h('button', { type: 'button', class: 'danger', onclick: () => decide(false) }, 'Withdraw: stop facial analysis'),
        h('a', { class: 'button', href: `#/patient/session/${encodeURIComponent(sessionId)}` }, 'Go to the session')]
      : [h('button', { type: 'button', class: 'primary', onclick: () => decide(true) }, 'Allow facial analysis for this session'),
        h('a', { class: 'button', href: '#/patient' }, 'Not now')]);
  };

  const decide = async (allow) => {
    replace(error);
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    try {
      const updated = await Api.setConsent(sessionId, allow);
      show(updated);
      if (allow) navigate(`#/patient/session/${encodeURIComponent(sessionId)}`);
    } catch (e) {
      replace(error, errorBox(e));
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
    }
  };

  root.append(
    h('h1', null, 'Facial analysis: your choice'),
    h('p', { class: 'lead' }, `For your session on ${formatDateTime(session.scheduledFor)}. Please read this before you decide.`),
    h('section', { class: 'card prose', 'aria-labelledby': 'what-analysed' },
      h('h2', { id: 'what-analysed' }, 'What is analysed'),
      h('p', null, consent.whatIsAnalysed),
      h('p', null, `Only while the session is live and you allow it, your camera sends about ${pictures(captureFramesPerSecond(consent))} `
        + '(320 × 240 pixels) each second. A computer model looks for your face and estimates how much your facial expression looks like '
        + 'each of seven expressions. It measures the shape of your face, not what you feel.'),
      h('p', null, patientModelSentence(model))),
    h('section', { class: 'card prose', 'aria-labelledby': 'what-stored' },
      h('h2', { id: 'what-stored' }, 'What is stored'),
      h('p', null, consent.whatIsStored),
      h('p', null, 'No video or picture of you is recorded. Your therapist sees the estimates during the session and a summary afterwards. You can see your own summaries under "History".')),
    h('section', { class: 'card prose', 'aria-labelledby': 'how-withdraw' },
      h('h2', { id: 'how-withdraw' }, 'How to stop it'),
      h('p', null, consent.yourChoice),
      h('p', null, 'To stop, press "Stop facial analysis" on the session page, or come back to this page. Saying no, or stopping, changes nothing else about your session.')),
    h('section', { class: 'card', 'aria-labelledby': 'decide' },
      h('h2', { id: 'decide' }, 'Your decision'),
      state, error, buttons));
  show(consent);
  return null;
}

const pictures = (count) => (count === 1 ? 'one small picture' : `${count} small pictures`);
