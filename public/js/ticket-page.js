/*
 * The staff ticket page's enhancements. Without this file everything still works:
 *  - canned responses: choosing one fills the reply from GET <data-canned-url><id> (JSON) instead of the
 *    "Insert" button's page load; the id joins the hidden cannedIds so its files go with the reply;
 *  - the ticket lock: while the agent types a reply or note, POST <data-lock-url> at most once a minute
 *    keeps their lock ("Jane is replying" to others); the answer says who else holds it.
 */
(() => {
  'use strict';

  const csrf = (form) => form.querySelector('input[name="_csrf"]')?.value ?? '';

  const select = document.querySelector('select[data-canned-url]');
  if (select) {
    const form = select.form;
    const textarea = form.querySelector('textarea[name="message"]');
    const ids = form.querySelector('input[name="cannedIds"]');
    for (const button of form.querySelectorAll('[data-canned-insert]')) button.hidden = true;
    select.addEventListener('change', async () => {
      if (!select.value) return;
      try {
        const response = await fetch(select.getAttribute('data-canned-url') + encodeURIComponent(select.value), {
          credentials: 'same-origin', headers: { Accept: 'application/json' },
        });
        if (!response.ok) return;
        const canned = await response.json();
        textarea.value = textarea.value ? `${textarea.value}\n\n${canned.body}` : canned.body;
        const list = new Set(ids.value.split(',').filter(Boolean));
        list.add(String(canned.id));
        ids.value = [...list].join(',');
        select.value = '';
        textarea.focus();
      } catch {
        // Offline: the Insert button's page load is the fallback (shown again below).
        for (const button of form.querySelectorAll('[data-canned-insert]')) button.hidden = false;
      }
    });
  }

  const notice = document.getElementById('lock-notice');
  let last = 0;
  const heartbeat = async (form) => {
    const now = Date.now();
    if (now - last < 60_000) return;
    last = now;
    try {
      const response = await fetch(form.getAttribute('data-lock-url'), {
        method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'X-CSRF-Token': csrf(form) },
      });
      if (!response.ok || !notice) return;
      const lock = await response.json();
      notice.textContent = lock.holder ? `${lock.holder.message}.` : '';
      notice.classList.toggle('is-hidden', !lock.holder);
    } catch {
      // The lock only warns others; losing a heartbeat changes nothing for this agent.
    }
  };
  for (const form of document.querySelectorAll('form[data-lock-url]')) {
    form.addEventListener('input', () => heartbeat(form));
  }
})();
