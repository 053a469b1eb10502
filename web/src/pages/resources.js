// The resource library: search and read for everyone, what a therapist assigned for patients, and the therapist's
// add-and-assign page.
import { Api } from '../api.js';
import { h, replace, scroller } from '../dom.js';
import { EMOTIONS, EMOTION_LABELS, formatDateTime } from '../emotions.js';
import { resourceFragment } from '../resource-html.js';
import { actionButton, errorBox, notice } from './common.js';

const KIND_LABELS = { article: 'Article', exercise: 'Exercise', video: 'Video' };

/** 'low-mood' → 'Low mood'. */
export function concernLabel(tag) {
  const words = String(tag).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const resourceHref = (id) => `#/resources/${encodeURIComponent(id)}`;

function meta(resource) {
  return h('p', { class: 'resource-meta' },
    h('span', { class: 'badge badge-kind' }, KIND_LABELS[resource.kind] ?? resource.kind), ' ',
    `${resource.readingMinutes} min`,
    resource.concerns?.length ? ` · ${resource.concerns.map(concernLabel).join(', ')}` : '');
}

function limitsNotice() {
  return notice('neutral', h('p', null, 'These pages offer ideas and steps to try. They are not a diagnosis and do not replace your therapist. ',
    'If you are in danger now, call your local emergency number.'));
}

function hashQuery() {
  const at = location.hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : location.hash.slice(at + 1));
}

export async function resourceLibrary(root, { navigate }) {
  const query = hashQuery();
  const q = query.get('q') ?? '';
  const concern = query.get('concern') ?? '';
  const text = h('input', { id: 'resource-q', type: 'search', name: 'q', value: q, autocomplete: 'off' });
  const concerns = h('select', { id: 'resource-concern', name: 'concern' }, h('option', { value: '' }, 'All concerns'));
  const count = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'resource-count' });
  const results = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));

  root.append(
    h('h1', null, 'Resource library'),
    h('p', { class: 'lead' }, 'Short articles and guided exercises written by our team, in plain words.'),
    h('form', {
      class: 'card form inline-form',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams();
        if (text.value.trim()) next.set('q', text.value.trim());
        if (concerns.value) next.set('concern', concerns.value);
        const suffix = next.toString();
        navigate(`#/resources${suffix ? `?${suffix}` : ''}`);
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'resource-q' }, 'Search'), text),
    h('div', { class: 'field' }, h('label', { for: 'resource-concern' }, 'Concern'), concerns),
    h('button', { type: 'submit', class: 'primary' }, 'Search')),
    count,
    results,
    limitsNotice());

  try {
    const [tags, found] = await Promise.all([Api.resourceConcerns(), Api.searchResources({ q, concern, limit: 50 })]);
    concerns.append(...tags.map((tag) => h('option', { value: tag, selected: tag === concern }, concernLabel(tag))));
    results.removeAttribute('aria-busy');
    count.textContent = found.length === 1 ? '1 resource found.' : `${found.length} resources found.`;
    replace(results, found.length
      ? h('ul', { class: 'resource-list' }, found.map((r) => h('li', { class: 'card', 'data-resource-id': r.id },
        h('h2', null, h('a', { href: resourceHref(r.id) }, r.title)),
        h('p', null, r.summary),
        meta(r))))
      : h('p', null, 'Nothing matched. Try fewer or other words, or another concern.'));
  } catch (error) {
    replace(results, errorBox(error));
  }
  return null;
}

/** Steps of an exercise, one at a time, announced in a live region. */
function exerciseGuide(body) {
  const steps = [...(body.querySelector('ol')?.children ?? [])].map((li) => li.textContent.trim()).filter(Boolean);
  if (!steps.length) return null;
  let at = -1;
  const current = h('p', { class: 'guide-step', role: 'status', 'aria-live': 'polite', 'data-testid': 'exercise-step' },
    'Press "Start the steps" when you are ready. Take your time with each one.');
  const previous = h('button', { type: 'button', disabled: true, onclick: () => show(at - 1) }, 'Previous step');
  const next = h('button', { type: 'button', class: 'primary', onclick: () => show(at + 1) }, 'Start the steps');
  function show(index) {
    at = Math.max(0, Math.min(index, steps.length));
    current.textContent = at < steps.length ? `Step ${at + 1} of ${steps.length}: ${steps[at]}` : 'Well done. Notice how you feel now.';
    previous.disabled = at === 0;
    next.disabled = at === steps.length;
    next.textContent = at < steps.length - 1 ? 'Next step' : 'Finish';
  }
  return h('section', { class: 'card guide', 'aria-labelledby': 'guide-heading' },
    h('h2', { id: 'guide-heading' }, 'Do it now, step by step'), current, h('div', { class: 'button-row' }, previous, next));
}

export async function resourcePage(root, { me, params: [id] }) {
  const { info, html } = await Api.resource(id);
  const body = h('div', { class: 'prose resource-body', 'data-testid': 'resource-body' }, resourceFragment(html));
  const used = h('div', { 'data-testid': 'resource-use' });
  root.append(
    h('p', null, h('a', { href: '#/resources' }, 'Back to the library')),
    h('h1', null, info.title),
    h('p', { class: 'lead' }, info.summary),
    meta(info),
    used,
    h('article', { class: 'card' }, body),
    info.kind === 'exercise' ? exerciseGuide(body) : null,
    limitsNotice());

  if (me.role === 'patient') {
    const assignment = ((await Api.assignedResources(me.id)) ?? []).find((a) => a.resource.id === id);
    if (assignment) renderUse(used, me, assignment);
  }
  return null;
}

function renderUse(container, me, assignment) {
  replace(container, assignment.usedAt
    ? h('p', { class: 'used' }, `Your therapist suggested this. You marked it used on ${formatDateTime(assignment.usedAt)}.`)
    : h('p', null, 'Your therapist suggested this. ', actionButton('Mark as used', async () => {
      const marked = await Api.markResourceUsed(me.id, assignment.resource.id);
      renderUse(container, me, { ...assignment, usedAt: marked.usedAt });
    }, { class: 'primary' })));
}

export async function patientResources(root, { me }) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  root.append(h('h1', null, 'Resources from your therapist'),
    h('p', null, 'Your therapist sees which ones you marked as used. ', h('a', { href: '#/resources' }, 'Browse the whole library')),
    list);
  const render = async () => {
    const assigned = (await Api.assignedResources(me.id)) ?? [];
    list.removeAttribute('aria-busy');
    replace(list, assigned.length
      ? h('ul', { class: 'resource-list' }, assigned.map((a) => h('li', { class: 'card', 'data-resource-id': a.resource.id },
        h('h2', null, h('a', { href: resourceHref(a.resource.id) }, a.resource.title)),
        h('p', null, a.resource.summary),
        meta(a.resource),
        h('p', { class: 'muted' }, `Suggested on ${formatDateTime(a.assignedAt)}.`),
        a.usedAt
          ? h('p', { class: 'used' }, `Used on ${formatDateTime(a.usedAt)}.`)
          : actionButton('Mark as used', async () => {
            await Api.markResourceUsed(me.id, a.resource.id);
            await render();
          }))))
      : h('p', null, 'Your therapist has not suggested any resources yet.'));
  };
  try {
    await render();
  } catch (error) {
    replace(list, errorBox(error));
  }
  return null;
}

function checkboxes(name, legend, values, label) {
  return h('fieldset', { class: 'field checkboxes' }, h('legend', null, legend),
    values.map((value) => h('label', { class: 'checkbox' }, h('input', { type: 'checkbox', name, value }), ' ', label(value))));
}

const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);

export async function therapistResources(root) {
  const assignArea = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const assignedArea = h('div', { 'data-testid': 'assigned-resources' });
  const addArea = h('div');
  root.append(
    h('h1', null, 'Assign resources'),
    h('section', { 'aria-labelledby': 'assign-heading' }, h('h2', { id: 'assign-heading' }, 'Suggest a resource to a patient'), assignArea, assignedArea),
    h('section', { 'aria-labelledby': 'add-heading' }, h('h2', { id: 'add-heading' }, 'Add your own resource'), addArea));

  const [patients, tags] = await Promise.all([Api.patients(), Api.resourceConcerns()]);
  const resourceSelect = h('select', { id: 'assign-resource', required: true });
  const loadResources = async (selectId) => {
    const all = (await Api.searchResources({ limit: 50 })) ?? [];
    replace(resourceSelect, all.map((r) => h('option', { value: r.id, selected: r.id === selectId },
      r.addedBy ? `${r.title} (yours)` : `${r.title} (${KIND_LABELS[r.kind] ?? r.kind})`)));
  };

  assignArea.removeAttribute('aria-busy');
  if (!patients.length) {
    replace(assignArea, h('p', null, 'No patients are assigned to you yet.'));
  } else {
    const patientSelect = h('select', { id: 'assign-patient', required: true, onchange: () => showAssigned() },
      patients.map((p) => h('option', { value: p.id }, p.pseudonym)));
    const message = h('p', { role: 'status', 'aria-live': 'polite' });
    const showAssigned = async () => {
      const patient = patients.find((p) => p.id === patientSelect.value);
      try {
        const assigned = (await Api.assignedResources(patient.id)) ?? [];
        replace(assignedArea, h('h3', null, `Suggested to ${patient.pseudonym}`), assigned.length
          ? scroller(h('table', { class: 'table' },
            h('caption', { class: 'sr-only' }, `Resources suggested to ${patient.pseudonym}`),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Resource'), h('th', { scope: 'col' }, 'Suggested'),
              h('th', { scope: 'col' }, 'Used'), h('th', { scope: 'col' }, 'Actions'))),
            h('tbody', null, assigned.map((a) => h('tr', { 'data-resource-id': a.resource.id },
              h('td', null, h('a', { href: resourceHref(a.resource.id) }, a.resource.title)),
              h('td', null, formatDateTime(a.assignedAt)),
              h('td', null, a.usedAt ? `Yes, ${formatDateTime(a.usedAt)}` : 'Not yet'),
              h('td', null, actionButton('Take back', async () => {
                await Api.unassignResource(patient.id, a.resource.id);
                await showAssigned();
              }, { 'aria-label': `Take back ${a.resource.title}` })))))), `Resources suggested to ${patient.pseudonym}`)
          : h('p', { class: 'muted' }, 'Nothing suggested yet.'));
      } catch (error) {
        replace(assignedArea, errorBox(error));
      }
    };
    replace(assignArea, h('form', {
      class: 'card form inline-form resource-assign',
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = '';
        try {
          await Api.assignResource(patientSelect.value, resourceSelect.value);
          message.textContent = `Suggested "${resourceSelect.selectedOptions[0]?.textContent}".`;
          await showAssigned();
        } catch (error) {
          message.textContent = error.message;
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'assign-patient' }, 'Patient'), patientSelect),
    h('div', { class: 'field' }, h('label', { for: 'assign-resource' }, 'Resource'), resourceSelect),
    h('button', { type: 'submit', class: 'primary' }, 'Suggest'),
    message));
    await loadResources();
    await showAssigned();
  }

  const addMessage = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'add-message' });
  replace(addArea, h('form', {
    class: 'card form',
    onsubmit: async (event) => {
      event.preventDefault();
      const form = event.currentTarget;
      addMessage.textContent = '';
      try {
        const added = await Api.addResource({
          title: form.elements.title.value,
          summary: form.elements.summary.value,
          kind: form.elements.kind.value,
          concerns: checked(form, 'concerns'),
          emotions: checked(form, 'emotions'),
          markdown: form.elements.markdown.value,
        });
        addMessage.textContent = `Added "${added.title}". You can suggest it above.`;
        form.reset();
        if (patients.length) await loadResources(added.id);
      } catch (error) {
        addMessage.textContent = error.message;
      }
    },
  },
  h('p', { class: 'muted' }, 'Only you, and the patients you suggest it to, can see what you add. Write in Markdown; raw HTML, scripts and images are removed.'),
  h('div', { class: 'field' }, h('label', { for: 'add-title' }, 'Title'), h('input', { id: 'add-title', name: 'title', required: true })),
  h('div', { class: 'field' }, h('label', { for: 'add-summary' }, 'Summary (one sentence)'), h('input', { id: 'add-summary', name: 'summary', required: true })),
  h('div', { class: 'field' }, h('label', { for: 'add-kind' }, 'Kind'),
    h('select', { id: 'add-kind', name: 'kind' }, Object.entries(KIND_LABELS).map(([value, label]) => h('option', { value }, label)))),
  checkboxes('concerns', 'Concerns (at least one)', tags, concernLabel),
  checkboxes('emotions', 'Emotions it may help with', EMOTIONS, (e) => EMOTION_LABELS[e] ?? e),
  h('div', { class: 'field' }, h('label', { for: 'add-markdown' }, 'Text (Markdown)'), h('textarea', { id: 'add-markdown', name: 'markdown', rows: 10, required: true })),
  h('button', { type: 'submit', class: 'primary' }, 'Add resource'),
  addMessage));
  return null;
}
