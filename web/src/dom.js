// A tiny element builder: strings become text nodes (never HTML), so nothing from the server is parsed as markup.

/**
 * h('button', { class: 'primary', onclick: fn, disabled: true }, 'Save') → <button class="primary" disabled>Save</button>
 * Attributes: on* functions become listeners, booleans toggle the attribute, null/undefined/false are skipped.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'for') {
      element.htmlFor = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends strings, numbers, nodes and (nested) arrays of them; skips null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces the children of an element. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A labelled value for the indicator grids: <div><dt>label</dt><dd>value</dd></div>. */
export function stat(label, value, attrs = {}) {
  return h('div', { class: 'stat', ...attrs }, h('dt', null, label), h('dd', null, value));
}

/** Text only screen readers read. */
export function srOnly(text) {
  return h('span', { class: 'sr-only' }, text);
}

/** Wraps a table so it scrolls sideways on narrow screens instead of widening the page. */
export function scroller(table, label) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

/** Moves keyboard focus to a page's heading after navigation, so screen readers announce the new page. */
export function focusHeading(root) {
  // A page that finishes loading after the user has already moved into it must not pull their focus back to the top.
  if (root.contains(document.activeElement)) return;
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}
