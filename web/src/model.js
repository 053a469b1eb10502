// What the expression model measures and how accurate it is. The accuracy comes from the Api (GET /api/model, read from
// the sidecar JSON beside the model in use), so this text never carries a number that a retrained model would change.
import { Api } from './api.js';
import { h } from './dom.js';

let cached = null;

export function loadModel() {
  cached ??= Api.model().catch(() => null);
  return cached;
}

/** "about 64 % (FER2013 PublicTest, 3,589 faces)" or a pointer to the model card when no figure is available. */
export function accuracyText(model) {
  if (model?.valAccuracy === null || model?.valAccuracy === undefined) {
    return 'not measured for the model in use; see models/MODEL_CARD.md';
  }
  const value = `${(model.valAccuracy * 100).toFixed(1)} %`;
  return model.evaluatedOn ? `${value} on ${model.evaluatedOn}` : value;
}

/** One sentence for patients. */
export function patientModelSentence(model) {
  const accuracy = model?.valAccuracy;
  const wrong = typeof accuracy === 'number' && accuracy > 0 && accuracy < 1
    ? `On a standard test set it picks the same expression as the people who labelled the photos ${Math.round(accuracy * 100)} times in 100, so it is often wrong`
    : 'It is often wrong';
  return `The model estimates facial expressions, not feelings. ${wrong}, and it is never a diagnosis.`;
}

const CLOSED_KEY = 'emotecare.model-panel-closed';

/**
 * The "what this measures" panel for therapists: the measure, its accuracy and the model card's limits. Open until the
 * therapist closes it once (remembered in this browser).
 */
export function modelPanel(model) {
  const name = model ? `${model.name}${model.version ? ` ${model.version}` : ''}` : 'emotion-fer';
  let closed = false;
  try {
    closed = localStorage.getItem(CLOSED_KEY) === '1';
  } catch {
    // Storage may be unavailable; the panel is then simply open.
  }
  const panel = h('details', {
    class: 'model-card',
    open: !closed,
    ontoggle: () => {
      try {
        localStorage.setItem(CLOSED_KEY, panel.open ? '0' : '1');
      } catch {
        // Nothing to remember it in.
      }
    },
  },
    h('summary', null, 'What this measures, and its limits'),
    h('p', null,
      'The model (', h('code', null, name), ') scores the ', h('strong', null, 'visible configuration of the face'),
      ' in each webcam frame as seven expressions (angry, disgust, fear, happy, sad, surprise, neutral), on a 48 × 48 gray crop of the face. ',
      'Scores are smoothed over a few seconds.'),
    h('p', null, h('strong', null, 'Accuracy: '), accuracyText(model),
      '. People agree with the dataset\'s labels only about 65 % of the time, and webcam frames in therapy are harder than the test photos, so expect it to be lower here.'),
    h('ul', null,
      h('li', null, h('strong', null, 'Expressions are not feelings. '), 'People smile when uncomfortable and show little when distressed; display rules differ across cultures and individuals.'),
      h('li', null, h('strong', null, 'Not diagnostic. '), 'Do not use these estimates to diagnose, screen, score risk or make decisions about a person; they are a conversation aid.'),
      h('li', null, h('strong', null, 'Bias is unmeasured. '), 'The training data has no age, sex or skin-tone labels; accuracy may differ between patients.'),
      h('li', null, 'Confusions are common between fear, sad and surprise, between angry and disgust, and between sad and neutral; disgust is recognised worst.'),
      h('li', null, 'Side light, glasses, low resolution and turned heads make estimates less reliable; watch the face-present and quality indicators.')),
    h('p', { class: 'muted' }, 'Source: the model card (models/MODEL_CARD.md). Frames are analysed in memory and never stored.'));
  return panel;
}
