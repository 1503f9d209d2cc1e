/** The staff panel's page templates, checked with the harness in templates.spec-helper.ts. */
import { attr, BASE, controlLabelled, entries, expectUniqueLabel, expectWellFormedPage, forms, options, portalLocals, render, render422, samples, scpLocals, XSS } from './templates.spec-helper';

describe('staff views', () => {
  describe('scp/login', () => {
    it('renders the login form without staff navigation', () => {
      const html = render('scp/login', 'layouts/scp', { ...portalLocals(), ...samples.scpLogin('Wrong username or password.') });
      expectWellFormedPage(html);
      expect(html).toContain(`action="${BASE}/scp/login"`);
      expect(attr(controlLabelled(html, 'Username or email'), 'name')).toBe('username');
      expect(attr(controlLabelled(html, 'Password'), 'type')).toBe('password');
      expect(html).toContain('<input type="hidden" name="next" value="/scp/tickets?x&#x3D;&quot;&lt;script&gt;');
      expect(html).toContain('role="alert">Wrong username or password.</p>');
      expect(html).toMatch(/<button type="submit"[^>]*>Log in<\/button>/);
      expect(html).not.toContain('/scp/logout');
    });
  });

  describe('scp layout and queue', () => {
    it('renders the queues, the table and pagination', () => {
      const html = render('scp/queue', 'layouts/scp', { ...scpLocals(), ...samples.scpQueue() });
      expectWellFormedPage(html);
      expect(html).toContain(`<a href="${BASE}/scp/tickets?queue&#x3D;open" aria-current="page">Open <span class="count">12`);
      expect(html).toContain('999+');
      expect(html).toContain(`action="${BASE}/scp/logout"`);
      expect(html).toContain(`href="${BASE}/scp/admin"`);
      expect(html).toContain('class="queue-row priority-emergency is-overdue"');
      expect(html).toContain(`href="${BASE}/scp/tickets/42"`);
      expect(html).toContain(`href="${BASE}/scp/tickets?queue&#x3D;open&amp;before&#x3D;42" rel="next"`);
    });

    it('shows the empty message when the queue is empty', () => {
      const html = render('scp/queue', 'layouts/scp', { ...scpLocals(), ...samples.scpQueue(false) });
      expectWellFormedPage(html);
      expect(html).toContain('No open tickets. Nice work!');
      expect(html).not.toContain('<table');
      expect(html).not.toContain('class="pagination"');
    });
  });

  describe('scp/ticket', () => {
    it('renders header, properties, the whole thread and every action form', () => {
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...samples.scpTicket() });
      expectWellFormedPage(html);
      expect(html).toContain('class="entry entry-message"');
      expect(html).toContain('class="entry entry-event"');
      expect(html).toContain('<span class="entry-label">Internal note</span>');
      expect(html).toContain('class="entry entry-response entry-new"');
      for (const action of ['reply', 'note', 'status', 'assign', 'transfer', 'priority', 'topic', 'sla']) {
        const form = forms(html).find((f) => attr(f.tag, 'action') === `${BASE}/scp/tickets/42/${action}`);
        expect([action, form?.controls[1]]).toEqual([action, '<input type="hidden" name="lastEntryId" value="14">']);
      }
      const fields: Array<[string, string]> = [
        ['Reply', 'message'],
        ['Internal note', 'message'],
        ['Note title', 'title'],
        ['Status', 'statusId'],
      ];
      for (const [label, name] of fields) {
        expectUniqueLabel(html, label);
        expect(attr(controlLabelled(html, label), 'name')).toBe(name);
      }
      expect(attr(controlLabelled(html, 'Status'), 'id')).toBe('status-status');
      for (const button of ['Post Reply', 'Post Note', 'Change Status', 'Assign', 'Transfer', 'Set Priority', 'Set Help Topic', 'Set SLA Plan']) {
        expect(html).toMatch(new RegExp(`<button type="submit"[^>]*>${button}</button>`));
      }
      // the current values are selected; the reply and note status default to "unchanged"
      expect(html).toMatch(/id="status-status"[^>]*>\s*<option value="1" selected>Open/);
      expect(html).toMatch(/id="reply-status"[^>]*>\s*<option value="">Unchanged \(Open\)<\/option>\s*<option value="1">Open/);
      expect(html).toMatch(/id="priority-priority"[\s\S]*?<option value="3" selected>High/);
      expect(html).toMatch(/id="sla-plan"[^>]*>\s*<option value="">None<\/option>\s*<option value="1">Default SLA/);
      expect(html).toContain('Note (optional, e.g. a resolution note)');
      expect(html).not.toMatch(/<details[^>]*\sopen/);
    });

    it('renders the team, release, merge and link forms, links, the lock notice, canned responses and the signature box', () => {
      const vm = samples.scpTicket({
        ticket: { ...samples.scpTicket().ticket, assigneeName: 'Jane Roe', teamName: `Level ${XSS}` },
        options: { ...samples.scpTicket().options, teams: options([`Level ${XSS}`], 0) },
        links: [{ kind: 'related', number: '100043', subject: `Dup ${XSS}`, url: `${BASE}/scp/tickets/43`, reason: XSS, isClosed: false, unlinkUrl: `${BASE}/scp/tickets/42/links/43/delete` }],
        mergedInto: null,
        lock: { name: `Jane ${XSS}`, replying: true },
        lockUrl: `${BASE}/scp/tickets/42/lock`,
        canned: [{ id: 3, title: `Hello ${XSS}` }],
        hasSignature: true,
        printUrl: `${BASE}/scp/tickets/42/print`,
        forms: { ...samples.scpTicket().forms, reply: { values: { message: '', statusId: '', appendSignature: '1', cannedIds: '3' }, errors: {} } },
      });
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...vm });
      expectWellFormedPage(html);
      for (const action of ['team', 'release', 'merge', 'link']) {
        const form = forms(html).find((f) => attr(f.tag, 'action') === `${BASE}/scp/tickets/42/${action}`);
        expect([action, form?.controls[1]]).toEqual([action, '<input type="hidden" name="lastEntryId" value="14">']);
      }
      expect(html).toContain(`action="${BASE}/scp/tickets/42/links/43/delete"`);
      expect(html).toContain('Jane &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; is replying to this ticket.');
      expect(html).toContain(`formaction="${BASE}/scp/tickets/42/reply/canned"`);
      expect(attr(controlLabelled(html, 'Append my signature'), 'checked')).toBe('');
      expect(html).toContain(`href="${BASE}/scp/tickets/42/print"`);
      expect(html).toContain(`src="${BASE}/public/js/ticket-page.js"`);
    });

    it('shows the merge banner instead of the merge form on a merged ticket', () => {
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...samples.scpTicket({ mergedInto: { number: '100050', url: `${BASE}/scp/tickets/50` } }) });
      expectWellFormedPage(html);
      expect(html).toContain(`This ticket was merged into <a href="${BASE}/scp/tickets/50">ticket #100050</a>`);
      expect(html).not.toContain('id="action-merge"');
    });

    it('re-renders a failed form open, with its values and messages', () => {
      const vm = samples.scpTicket({
        openForm: 'status',
        forms: {
          reply: { values: { message: 'para one\n\npara two', statusId: '2' }, errors: { message: 'Too long.' } },
          note: { values: { title: 'T', message: '', statusId: '' }, errors: { message: 'Write a note.' } },
          status: { values: { statusId: '3', comment: 'Fixed it' }, errors: { statusId: 'Choose another status.' } },
        },
      });
      const html = render('scp/ticket', 'layouts/scp', { ...scpLocals(), ...vm });
      expectWellFormedPage(html);
      expect(html).toContain('<details class="action" id="action-status" open>');
      expect(html.match(/<details[^>]*\sopen/g)).toHaveLength(1);
      expect(html).toMatch(/<textarea[^>]*id="reply-message"[^>]*>\npara one\n\npara two<\/textarea>/);
      render422(html, 'reply-message', 'Too long.');
      render422(html, 'note-message', 'Write a note.');
      render422(html, 'status-status', 'Choose another status.');
      expect(html).toMatch(/id="reply-status"[\s\S]*?<option value="2" selected>Resolved/);
      expect(html).toMatch(/id="status-status"[^>]*>\s*<option value="1">Open<\/option>\s*<option value="2">Resolved<\/option>\s*<option value="3" selected>Closed/);
      expect(html).toMatch(/<textarea[^>]*id="status-comment"[^>]*>\nFixed it<\/textarea>/);
    });
  });

  describe('scp/ticket-print', () => {
    it('renders the ticket for paper with the notes switch', () => {
      const html = render('scp/ticket-print', 'layouts/scp', {
        ...scpLocals(), title: 'Print', ticket: samples.scpTicket().ticket, entries: entries(), withNotes: false,
        ticketUrl: `${BASE}/scp/tickets/42`, printUrl: `${BASE}/scp/tickets/42/print`,
      });
      expectWellFormedPage(html);
      expect(html).toContain('(without internal notes)');
      expect(attr(controlLabelled(html, 'Include internal notes and events'), 'checked')).toBeNull();
    });
  });
});
