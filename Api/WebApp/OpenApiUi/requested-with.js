// Loaded by the OpenAPI page (/swagger), whose calls go through window.fetch. The Api refuses a state-changing call signed
// with the cookie unless it carries X-Requested-With (docs/security.md, finding 3); this adds it to the page's same-origin
// calls, as the web app's own pages send it.
(() => {
  const send = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (url.origin !== window.location.origin) return send(input, init);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('X-Requested-With', 'XMLHttpRequest');
    return send(input, { ...init, headers });
  };
})();
