/*
 * Knowledge base suggestions on the portal's "Open a New Ticket" form: while the user types the summary,
 * ask GET /kb/suggestions for matching articles and list them (links open in a new tab, with "This answered
 * my question" on the article). Once shown, a hidden kbSeen=1 tells the server to skip its deflection step.
 * Text goes in with textContent only. Without this script the server shows the same articles as a step.
 */
(() => {
  'use strict';

  const box = document.getElementById('kb-suggest');
  if (!box) return;
  const subject = document.getElementById(box.getAttribute('data-subject'));
  const topic = document.getElementById(box.getAttribute('data-topic'));
  const form = subject && subject.form;
  if (!subject || !form) return;

  let timer = 0;
  let latest = 0;

  const markSeen = () => {
    if (form.querySelector('input[name="kbSeen"]')) return;
    const seen = document.createElement('input');
    seen.type = 'hidden';
    seen.name = 'kbSeen';
    seen.value = '1';
    form.appendChild(seen);
  };

  const show = (articles) => {
    box.replaceChildren();
    if (articles.length === 0) {
      box.hidden = true;
      return;
    }
    const heading = document.createElement('p');
    heading.textContent = 'These articles may answer your question:';
    const list = document.createElement('ul');
    for (const article of articles) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = article.url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = article.title;
      item.appendChild(link);
      list.appendChild(item);
    }
    box.append(heading, list);
    box.hidden = false;
    markSeen();
  };

  const ask = async () => {
    const q = subject.value.trim();
    const request = ++latest;
    if (q.length < 3) return show([]);
    const params = new URLSearchParams({ q });
    if (topic && topic.value) params.set('topicId', topic.value);
    try {
      const response = await fetch(`${box.getAttribute('data-suggest-url')}?${params}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok || request !== latest) return;
      const data = await response.json();
      if (request === latest) show(Array.isArray(data.articles) ? data.articles : []);
    } catch {
      // Offline or the server is unreachable: the form works without suggestions.
    }
  };

  subject.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  });
  if (subject.value) ask();
})();
