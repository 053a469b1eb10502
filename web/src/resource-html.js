// A resource's body arrives from the server as HTML that Markdig rendered and HtmlSanitizer cleaned. It is parsed
// here inside an inert <template> (nothing in it runs or loads) and checked again against the same allow-list, so
// a gap on one side is not enough to put active content on a patient's screen.

const TAGS = new Set(['P', 'BR', 'HR', 'H2', 'H3', 'H4', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'BLOCKQUOTE', 'CODE', 'PRE', 'A']);
const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/** The allow-listed nodes of `html` as a fragment to append. */
export function resourceFragment(html) {
  const template = document.createElement('template');
  template.innerHTML = String(html ?? '');
  keepAllowed(template.content);
  return template.content;
}

function keepAllowed(parent) {
  for (const node of [...parent.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE || !TAGS.has(node.tagName)) {
      node.remove();
      continue;
    }
    const href = node.tagName === 'A' ? node.getAttribute('href') : null;
    for (const attribute of [...node.attributes]) node.removeAttribute(attribute.name);
    if (href && SAFE_LINK.test(href.trim())) {
      node.setAttribute('href', href.trim());
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
    keepAllowed(node);
  }
}
