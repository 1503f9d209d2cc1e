/*
 * "Insert link" beside a staff ticket (views/partials/scp/kb-suggestions.hbs): puts a knowledge base
 * article's portal URL into the reply textarea at the cursor and focuses it. Without this script the
 * buttons stay hidden and the URL is in a read-only field to copy.
 */
(() => {
  'use strict';

  for (const button of document.querySelectorAll('[data-kb-insert]')) {
    const target = document.getElementById(button.getAttribute('data-kb-target'));
    if (!(target instanceof HTMLTextAreaElement)) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      const link = button.getAttribute('data-kb-insert');
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? target.value.length;
      const before = target.value.slice(0, start);
      const spacer = before && !/\s$/.test(before) ? ' ' : '';
      target.value = `${before}${spacer}${link}${target.value.slice(end)}`;
      const caret = before.length + spacer.length + link.length;
      target.focus();
      target.setSelectionRange(caret, caret);
    });
  }
})();
