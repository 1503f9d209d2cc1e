// The new-ticket form's user lookup: as the agent types an email or a name, offer matching users (the
// JSON lookup, at most 10) in the email field's suggestions; picking one fills in their name and phone.
// Without this script the form still works: the server finds an existing user by email.
(function () {
  'use strict';
  const box = document.querySelector('[data-user-lookup]');
  if (!box) return;
  const email = box.querySelector('input[name="email"]');
  const name = box.querySelector('input[name="name"]');
  const phone = box.querySelector('input[name="phone"]');
  if (!email) return;
  const list = document.createElement('datalist');
  list.id = 'user-lookup-results';
  box.appendChild(list);
  email.setAttribute('list', list.id);
  let found = [];
  let timer = null;

  function show(users) {
    found = users;
    list.replaceChildren(...users.map((u) => {
      const option = document.createElement('option');
      option.value = u.email;
      option.label = u.phone ? `${u.name} · ${u.phone}` : u.name;
      return option;
    }));
  }

  email.addEventListener('input', () => {
    const picked = found.find((u) => u.email === email.value.trim().toLowerCase());
    if (picked) {
      if (name && !name.value) name.value = picked.name;
      if (phone && !phone.value && picked.phone) phone.value = picked.phone;
      return;
    }
    clearTimeout(timer);
    const q = email.value.trim();
    if (q.length < 2) return show([]);
    timer = setTimeout(() => {
      fetch(`${box.dataset.userLookup}?q=${encodeURIComponent(q)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then((res) => (res.ok ? res.json() : { users: [] }))
        .then((body) => show(Array.isArray(body.users) ? body.users : []))
        .catch(() => show([]));
    }, 250);
  });
})();
