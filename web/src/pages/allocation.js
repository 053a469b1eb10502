// Intake and allocation: the patient's intake and request for a different therapist, the therapist's practice profile
// (their own, or any for admins), and the admins' allocation queue.
import { Api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../emotions.js';
import { actionButton, errorBox, notice } from './common.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TOPIC_LABELS = { selfEsteem: 'Self-esteem' };

/** 'selfEsteem' → 'Self-esteem', 'anxiety' → 'Anxiety'. */
export function topicLabel(topic) {
  return TOPIC_LABELS[topic] ?? topic.charAt(0).toUpperCase() + topic.slice(1);
}

const dayLabel = (day) => day.charAt(0).toUpperCase() + day.slice(1);

let languageNames = null;
/** 'de' → 'German (de)' where the browser knows the name. */
export function languageLabel(code) {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    const name = languageNames.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';

function timeZoneList() {
  const list = h('datalist', { id: 'time-zones' });
  try {
    list.append(...Intl.supportedValuesOf('timeZone').map((zone) => h('option', { value: zone })));
  } catch {
    // Older browsers list no zones; the field still takes any IANA id.
  }
  return list;
}

function checkboxes(legend, name, values, checked, label) {
  return h('fieldset', { class: 'field checkboxes' }, h('legend', null, legend),
    values.map((value) => h('label', { class: 'checkbox' },
      h('input', { type: 'checkbox', name, value, checked: checked.includes(value) }), label(value))));
}

const checkedValues = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((e) => e.value);

/**
 * Editable rows of day, start and end (working hours, or the times that suit a patient). Every control carries its own
 * label, so the rows read well on a screen reader and at 360 px.
 */
function weekRows(legend, noun, initial) {
  const list = h('ol', { class: 'rows' });
  let next = 0;
  const add = (row = { day: 'monday', start: '09:00', end: '12:00' }) => {
    const n = ++next;
    const day = h('select', { id: `${noun}-day-${n}`, 'data-part': 'day' },
      DAYS.map((d) => h('option', { value: d, selected: d === row.day }, dayLabel(d))));
    const start = h('input', { id: `${noun}-start-${n}`, type: 'time', value: row.start.slice(0, 5), 'data-part': 'start', required: true });
    const end = h('input', { id: `${noun}-end-${n}`, type: 'time', value: row.end.slice(0, 5), 'data-part': 'end', required: true });
    const item = h('li', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: day.id }, 'Day'), day),
      h('div', { class: 'field' }, h('label', { for: start.id }, 'From'), start),
      h('div', { class: 'field' }, h('label', { for: end.id }, 'To'), end),
      h('button', { type: 'button', onclick: () => { item.remove(); addButton.focus(); } }, `Remove this ${noun}`));
    list.append(item);
    return day;
  };
  const addButton = h('button', { type: 'button', onclick: () => add().focus() }, `Add a ${noun}`);
  initial.forEach((row) => add(row));
  return {
    element: h('fieldset', { class: 'field group' }, h('legend', null, legend), list, addButton),
    value: () => [...list.children].map((li) => ({
      day: li.querySelector('[data-part=day]').value,
      start: li.querySelector('[data-part=start]').value,
      end: li.querySelector('[data-part=end]').value,
    })),
  };
}

function leaveRows(initial) {
  const list = h('ol', { class: 'rows' });
  let next = 0;
  const add = (row = { first: '', last: '' }) => {
    const n = ++next;
    const first = h('input', { id: `leave-first-${n}`, type: 'date', value: row.first, 'data-part': 'first', required: true });
    const last = h('input', { id: `leave-last-${n}`, type: 'date', value: row.last, 'data-part': 'last', required: true });
    const item = h('li', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: first.id }, 'First day off'), first),
      h('div', { class: 'field' }, h('label', { for: last.id }, 'Last day off'), last),
      h('button', { type: 'button', onclick: () => { item.remove(); addButton.focus(); } }, 'Remove this leave'));
    list.append(item);
    return first;
  };
  const addButton = h('button', { type: 'button', onclick: () => add().focus() }, 'Add leave');
  initial.forEach((row) => add(row));
  return {
    element: h('fieldset', { class: 'field group' }, h('legend', null, 'Leave (no sessions on these days)'), list, addButton),
    value: () => [...list.children].map((li) => ({ first: li.querySelector('[data-part=first]').value, last: li.querySelector('[data-part=last]').value })),
  };
}

function suggestionCard(suggestion, ...actions) {
  return h('div', { class: 'card suggestion', 'data-therapist-id': suggestion.therapistId },
    h('h3', null, suggestion.displayName),
    h('ul', { class: 'plain-list reasons' }, suggestion.reasons.map((reason) => h('li', null, reason))),
    actions.length ? h('div', { class: 'button-row' }, actions) : null);
}

/** #/patient/intake: what brings the patient, and preferences; later, asking for a different therapist. */
export async function intakePage(root, { me }) {
  const [vocabulary, patient] = await Promise.all([Api.vocabulary(), Api.patient(me.id)]);
  root.append(h('h1', null, 'Finding your therapist'));
  const result = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'intake-result' });

  if (patient.therapistId) {
    root.append(
      h('p', { class: 'lead' }, 'You have a therapist. If it is not working out, you can ask for a different one. Our team reads your reason and finds someone else.'),
      changeForm(me, vocabulary, result),
      result);
    return null;
  }

  const reason = h('textarea', { id: 'intake-reason', rows: 5, maxlength: vocabulary.maxReasonLength, required: true, 'aria-describedby': 'intake-reason-hint' });
  const language = h('select', { id: 'intake-language' }, h('option', { value: '' }, 'No preference'),
    vocabulary.languages.map((code) => h('option', { value: code }, languageLabel(code))));
  const timeZone = h('input', { id: 'intake-time-zone', list: 'time-zones', value: browserTimeZone(), autocomplete: 'off', 'aria-describedby': 'intake-time-zone-hint' });
  const times = weekRows('Times that suit you (optional)', 'time', []);
  const form = h('form', {
    class: 'card form',
    onsubmit: async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      replace(result);
      try {
        const suitableTimes = times.value();
        const sent = await Api.sendIntake(me.id, {
          reason: reason.value,
          topics: checkedValues(form, 'topic'),
          language: language.value || null,
          // The zone matters only with times; a browser that reports none it knows cannot block an intake without them.
          timeZone: suitableTimes.length ? timeZone.value.trim() || null : null,
          suitableTimes,
        });
        replace(result, intakeOutcome(sent));
      } catch (error) {
        replace(result, errorBox(error));
      } finally {
        button.disabled = false;
      }
    },
  },
  h('div', { class: 'field' },
    h('label', { for: reason.id }, 'What brings you here?'),
    h('p', { id: 'intake-reason-hint', class: 'muted' }, 'A few sentences in your own words are enough. Only the therapist you are matched with reads them.'),
    reason),
  checkboxes('Which of these are closest? (optional)', 'topic', vocabulary.specialties, [], topicLabel),
  h('div', { class: 'field' }, h('label', { for: language.id }, 'Language for your sessions (optional)'), language),
  h('div', { class: 'field' },
    h('label', { for: timeZone.id }, 'Your time zone'),
    h('p', { id: 'intake-time-zone-hint', class: 'muted' }, 'The times below are in this time zone.'),
    timeZone, timeZoneList()),
  times.element,
  h('button', { type: 'submit', class: 'primary' }, 'Send'));
  root.append(h('p', { class: 'lead' }, 'Tell us a little about yourself so we can match you with a therapist who fits. Only the first question is needed.'), form, result);
  return null;
}

function intakeOutcome(sent) {
  if (sent.outcome === 'assigned') {
    return notice('success', h('p', null, 'You have been matched with a therapist.'),
      sent.suggestion ? suggestionCard(sent.suggestion) : null);
  }
  return notice('info',
    h('p', null, sent.suggestion
      ? 'Thank you. This is the therapist we suggest; someone from our team confirms the match soon.'
      : 'Thank you. No therapist has room right now; someone from our team will find one for you.'),
    sent.suggestion ? suggestionCard(sent.suggestion) : null);
}

function changeForm(me, vocabulary, result) {
  const reason = h('textarea', { id: 'change-reason', rows: 4, maxlength: vocabulary.maxChangeReasonLength, required: true });
  const form = h('form', {
    class: 'card form',
    onsubmit: async (event) => {
      event.preventDefault();
      replace(result);
      try {
        await Api.requestTherapistChange(me.id, reason.value);
        replace(result, notice('success', h('p', null, 'Your request has reached our team. We will be in touch.')));
      } catch (error) {
        replace(result, errorBox(error));
      }
    },
  },
  h('div', { class: 'field' }, h('label', { for: reason.id }, 'Why would you like a different therapist?'), reason),
  h('button', { type: 'submit', class: 'primary' }, 'Ask for a different therapist'));
  return form;
}

/** #/therapist/profile (their own) and #/admin/therapists/{id} (any, for admins): the practice profile editor. */
export async function practicePage(root, { me, params: [therapistId] }) {
  const id = therapistId ?? me.id;
  const [vocabulary, profile] = await Promise.all([Api.vocabulary(), Api.practice(id)]);
  const practice = profile.practice ?? {
    specialties: [], languages: ['en'], timeZone: browserTimeZone(), weeklyHours: [], leave: [], sessionMinutes: 50, maxCaseload: 20,
  };
  const languages = h('input', {
    id: 'practice-languages', value: practice.languages.join(', '), autocomplete: 'off', required: true, 'aria-describedby': 'practice-languages-hint',
  });
  const timeZone = h('input', { id: 'practice-time-zone', list: 'time-zones', value: practice.timeZone, autocomplete: 'off', required: true });
  const sessionMinutes = h('input', {
    id: 'practice-session', type: 'number', min: vocabulary.minSessionMinutes, max: vocabulary.maxSessionMinutes, value: practice.sessionMinutes, required: true,
  });
  const maxCaseload = h('input', { id: 'practice-caseload', type: 'number', min: 0, max: vocabulary.maxCaseload, value: practice.maxCaseload, required: true });
  const hours = weekRows('Weekly working hours (in your time zone)', 'block', practice.weeklyHours);
  const leave = leaveRows(practice.leave);
  const message = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'practice-message' });
  const form = h('form', {
    class: 'card form',
    onsubmit: async (event) => {
      event.preventDefault();
      replace(message);
      try {
        await Api.setPractice(id, {
          specialties: checkedValues(form, 'specialty'),
          languages: languages.value.split(/[\s,]+/).filter(Boolean).map((code) => code.toLowerCase()),
          timeZone: timeZone.value.trim(),
          weeklyHours: hours.value(),
          leave: leave.value(),
          sessionMinutes: Number(sessionMinutes.value),
          maxCaseload: Number(maxCaseload.value),
        });
        replace(message, notice('success', h('p', null, `Saved at ${formatDateTime(new Date().toISOString())}.`)));
      } catch (error) {
        replace(message, errorBox(error));
      }
    },
  },
  checkboxes('Specialties', 'specialty', vocabulary.specialties, practice.specialties, topicLabel),
  h('div', { class: 'field' },
    h('label', { for: languages.id }, 'Languages'),
    h('p', { id: 'practice-languages-hint', class: 'muted' }, 'Two-letter codes, separated by commas: en, de, es.'),
    languages),
  h('div', { class: 'field' }, h('label', { for: timeZone.id }, 'Time zone'), timeZone, timeZoneList()),
  hours.element,
  leave.element,
  h('div', { class: 'field' }, h('label', { for: sessionMinutes.id }, 'Session length (minutes)'), sessionMinutes),
  h('div', { class: 'field' }, h('label', { for: maxCaseload.id }, 'Most patients at once (0 takes no new patients)'), maxCaseload),
  h('button', { type: 'submit', class: 'primary' }, 'Save profile'));
  root.append(
    h('h1', null, therapistId ? `Practice profile: ${profile.displayName}` : 'Your practice profile'),
    h('p', { class: 'lead' }, `New patients are matched by these details. ${profile.caseload === 1 ? '1 patient is' : `${profile.caseload} patients are`} assigned now.`),
    form,
    message);
  return null;
}

/** #/admin/allocation: open requests with suggestions and reasons; assign one or dismiss. Also links to therapists' profiles. */
export async function allocationQueuePage(root) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'queue-status' });
  const therapists = h('ul', { class: 'plain-list' });
  root.append(h('h1', null, 'Allocation'),
    h('p', { class: 'lead' }, 'New patients waiting for a therapist, and patients who asked for a different one. Suggestions list therapists with room, best fit first; their reasons are worded as the patient reads them.'),
    status, list,
    h('h2', null, 'Therapists\' practice profiles'), therapists);

  const render = async () => {
    const open = (await Api.allocationQueue()) ?? [];
    list.removeAttribute('aria-busy');
    status.textContent = open.length === 1 ? '1 open request.' : `${open.length} open requests.`;
    replace(list, open.length ? h('ul', { class: 'resource-list' }, open.map((request) => h('li', { class: 'card', 'data-patient-id': request.patientId },
      h('h2', null, request.kind === 'changeOfTherapist' ? 'Asks for a different therapist' : 'New patient'),
      h('p', { class: 'muted' }, `Patient ${request.patientId} · ${formatDateTime(request.createdAt)}`),
      request.changeReason ? h('p', null, h('strong', null, 'Their reason: '), request.changeReason) : null,
      h('p', null, `Topics: ${request.topics.length ? request.topics.map(topicLabel).join(', ') : 'none given'}. `,
        `Language: ${request.language ? languageLabel(request.language) : 'no preference'}.`),
      request.suggestions.length
        ? request.suggestions.map((s) => suggestionCard(s, actionButton(`Assign ${s.displayName}`, async () => {
          await Api.confirmAllocation(request.patientId, s.therapistId);
          await render();
          status.textContent = `Assigned ${s.displayName}. ${status.textContent}`;
        }, { class: 'primary' })))
        : h('p', null, 'No therapist has room. Raise a caseload or add a therapist, then come back.'),
      h('div', { class: 'button-row' }, actionButton('Dismiss', async () => {
        await Api.dismissAllocation(request.patientId);
        await render();
      }))))) : h('p', null, 'Nothing waiting.'));
  };

  try {
    await render();
    replace(therapists, (await Api.therapists()).map((t) => h('li', null, h('a', { href: `#/admin/therapists/${encodeURIComponent(t.id)}` }, t.displayName))));
  } catch (error) {
    replace(list, errorBox(error));
  }
  return null;
}
