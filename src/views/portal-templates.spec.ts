/** The portal's page templates, checked with the harness in templates.spec-helper.ts. */
import { attr, BASE, controlLabelled, expectWellFormedPage, portalLocals, render, render422, samples, XSS } from './templates.spec-helper';

describe('portal views', () => {
  describe('portal layout', () => {
    it('links the areas under the base path and offers sign out to a visitor with access', () => {
      const html = render('portal/home', 'layouts/portal', {
        ...portalLocals({ portalAccess: { email: `v@x.y${XSS}` }, flash: [{ type: 'success', message: `Done ${XSS}` }] }),
        ...samples.portalHome(),
      });
      expectWellFormedPage(html);
      expect(html).toContain('<title>Welcome to the Support Center · Acme Support</title>');
      expect(html).toContain(`href="${BASE}/tickets/new"`);
      expect(html).toContain(`href="${BASE}/status"`);
      expect(html).toContain(`action="${BASE}/status/signout"`);
      expect(html).toMatch(/class="flash flash-success" role="status">Done &lt;script&gt;/);
    });

    it('shows no sign out without portal access, and error flashes as alerts', () => {
      const html = render('portal/home', 'layouts/portal', {
        ...portalLocals({ flash: [{ type: 'error', message: 'Nope' }] }),
        ...samples.portalHome(),
      });
      expect(html).not.toContain('/status/signout');
      expect(html).toContain('<p class="flash flash-error" role="alert">Nope</p>');
    });

    it('works with an empty base path', () => {
      const html = render('portal/home', 'layouts/portal', { ...portalLocals({ base: '' }), ...samples.portalHome() });
      expect(html).toContain('href="/public/css/app.css"');
      expect(html).toContain('href="/tickets/new"');
    });
  });

  describe('portal/open', () => {
    it('renders the form with the labels the browser tests use, keeping what was typed', () => {
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen() });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/tickets" enctype="multipart/form-data"`);
      expect(attr(controlLabelled(html, 'Email address'), 'name')).toBe('email');
      expect(attr(controlLabelled(html, 'Email address'), 'value')).toBe('a@b.c&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(attr(controlLabelled(html, 'Full name'), 'name')).toBe('name');
      expect(attr(controlLabelled(html, 'Phone number'), 'name')).toBe('phone');
      expect(attr(controlLabelled(html, 'Help topic'), 'name')).toBe('topicId');
      expect(attr(controlLabelled(html, 'Issue summary'), 'name')).toBe('subject');
      expect(attr(controlLabelled(html, 'Issue details'), 'name')).toBe('message');
      expect(attr(controlLabelled(html, 'Attachments'), 'name')).toBe('attachments');
      expect(html).toContain('<option value="2" selected>Billing &lt;script&gt;');
      expect(html).toMatch(/<button type="submit"[^>]*>Create Ticket<\/button>/);
      expect(html).toContain('Up to 5 files, 10&nbsp;MB each.');
    });

    it('keeps multi-line text in a textarea exactly as typed', () => {
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen() });
      expect(html).toMatch(/<textarea[^>]*id="open-message"[^>]*>\nline one\nline two &lt;script&gt;/);
    });

    it('puts each 422 message next to its field, linked by aria-describedby', () => {
      const errors = { email: 'Enter a valid email address.', topicId: 'Choose a help topic.', message: 'Describe the issue.', attachments: 'Too many files.' };
      const html = render('portal/open', 'layouts/portal', { ...portalLocals(), ...samples.portalOpen(errors) });
      expectWellFormedPage(html);
      render422(html, 'open-email', 'Enter a valid email address.');
      render422(html, 'open-topic', 'Choose a help topic.');
      render422(html, 'open-message', 'Describe the issue.');
      render422(html, 'open-attachments', 'Too many files.');
      expect(attr(controlLabelled(html, 'Full name'), 'aria-invalid')).toBeNull();
    });
  });

  describe('portal/thanks', () => {
    it('shows the ticket number and links to the ticket', () => {
      const html = render('portal/thanks', 'layouts/portal', { ...portalLocals(), ...samples.portalThanks() });
      expectWellFormedPage(html);
      expect(html).toContain('#123456');
      expect(html).toContain(`href="${BASE}/tickets/123456"`);
    });
  });

  describe('portal/status', () => {
    it('renders the check form', () => {
      const html = render('portal/status', 'layouts/portal', { ...portalLocals(), ...samples.portalStatus() });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/status"`);
      expect(attr(controlLabelled(html, 'Email address'), 'name')).toBe('email');
      expect(attr(controlLabelled(html, 'Ticket number'), 'value')).toBe('123456');
      expect(html).toMatch(/<button type="submit"[^>]*>Check Status<\/button>/);
    });

    it('shows the generic notice and field errors', () => {
      const html = render('portal/status', 'layouts/portal', {
        ...portalLocals(),
        ...samples.portalStatus('We could not find that ticket.', { number: 'Enter a ticket number.' }),
      });
      expectWellFormedPage(html);
      expect(html).toContain('role="alert">We could not find that ticket.</p>');
      render422(html, 'status-number', 'Enter a ticket number.');
    });
  });

  describe('portal/ticket', () => {
    it('renders the thread and the reply form', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket() });
      expectWellFormedPage(html);
      expect(html).toContain('My printer is on fire.<br>Second line &lt;script&gt;');
      expect(html).toContain(`<form class="form" method="post" action="${BASE}/tickets/123456/reply" enctype="multipart/form-data"`);
      expect(attr(controlLabelled(html, 'Your reply'), 'name')).toBe('message');
      expect(html).toMatch(/<button type="submit"[^>]*>Post Reply<\/button>/);
      expect(html).toContain(`href="${BASE}/scp/attachments/7"`);
      expect(html).toContain('<time class="entry-time" datetime="2026-11-23T14:05:00.000Z">23 Nov 2026, 14:05</time>');
    });

    it('replaces the form with the hint when replies are not allowed', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false) });
      expectWellFormedPage(html);
      expect(html).not.toContain('/reply"');
      expect(html).toContain('This ticket is closed.');
    });

    it('says so when the thread is empty', () => {
      const html = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(), entries: [] });
      expect(html).toContain('There are no messages in this thread yet.');
    });

    it('points a merged ticket to its survivor, linked only when the visitor may open it, with no reply section', () => {
      const linked = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false), mergedInto: { number: '100050', url: `${BASE}/tickets/100050` } });
      expectWellFormedPage(linked);
      expect(linked).toContain(`This ticket was merged into <a href="${BASE}/tickets/100050">ticket #100050</a>; the conversation continues there.`);
      expect(linked).not.toContain('Post a Reply');
      const hidden = render('portal/ticket', 'layouts/portal', { ...portalLocals(), ...samples.portalTicket(false), mergedInto: { number: null, url: null } });
      expect(hidden).toContain('This ticket was merged into another ticket; the conversation continues there.');
      expect(hidden).not.toContain('100050');
    });
  });
});
