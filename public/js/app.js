/*
 * RelayDesk progressive enhancement. Every page works without this file; it only adds:
 *  - data-confirm="Question?" on a form, a submit button or a link: ask before going ahead;
 *  - a submitted form's buttons are disabled until the page changes, so a double click posts once.
 * Loaded with `defer` from 'self' (the CSP allows no inline script).
 */
(() => {
  'use strict';

  const confirmMessage = (form, submitter) => {
    if (submitter && submitter.hasAttribute('data-confirm')) return submitter.getAttribute('data-confirm');
    return form.getAttribute('data-confirm');
  };

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;

    const message = confirmMessage(form, event.submitter || null);
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;

    // After this tick, so the submitter's own name/value (if any) is still part of the submission.
    window.setTimeout(() => {
      for (const button of form.querySelectorAll('button:not([type]), button[type="submit"]')) {
        button.disabled = true;
        button.setAttribute('data-was-enabled', '');
      }
    }, 0);
  });

  // The Back button can restore a page from cache with its buttons still disabled.
  window.addEventListener('pageshow', () => {
    for (const button of document.querySelectorAll('[data-was-enabled]')) {
      button.disabled = false;
      button.removeAttribute('data-was-enabled');
    }
  });

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-confirm]') : null;
    if (link && !window.confirm(link.getAttribute('data-confirm'))) event.preventDefault();
  });
})();

/*
 * Help topic questions on the portal's "Open a New Ticket" form: when the topic changes, fetch the form
 * for that topic (GET ?topicId=) and swap in its #topic-fields block. Without this script the "Show the
 * topic's questions" button does the same with a page load; with it the button is not needed.
 */
(() => {
  'use strict';

  const select = document.querySelector('select[data-fields-url]');
  const target = document.getElementById('topic-fields');
  if (!select || !target) return;
  for (const button of document.querySelectorAll('[data-topic-fields-button]')) button.remove();

  let latest = 0;
  select.addEventListener('change', async () => {
    const request = ++latest;
    const url = `${select.getAttribute('data-fields-url')}?topicId=${encodeURIComponent(select.value)}`;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!response.ok || request !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('topic-fields');
      if (fresh && request === latest) target.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
    } catch {
      // Offline or the server is unreachable: the questions are checked on submit and shown with the errors.
    }
  });
})();
