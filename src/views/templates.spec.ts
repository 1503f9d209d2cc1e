/**
 * Every page template renders its view-model contract inside its layout, with the real helpers and
 * partials, and the result keeps the promises the rest of the app relies on: user text escaped, CSRF in
 * every POST form, file inputs last in multipart forms, labelled controls with unique ids, no inline
 * script or style (the CSP forbids them), one <h1>.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE, expectWellFormedPage, partialsDir, portalLocals, render, samples, scpLocals, VIEWS, walk } from './templates.spec-helper';

describe('views', () => {
  describe('templates', () => {
    const templates = walk(VIEWS).filter((f) => f.endsWith('.hbs'));

    it('use triple-stash only for the layout body', () => {
      for (const file of templates) {
        const triples = fs.readFileSync(file, 'utf8').match(/\{\{\{[^}]*\}\}\}/g) ?? [];
        const allowed = file.includes(`${path.sep}layouts${path.sep}`) ? ['{{{body}}}'] : [];
        expect([file, triples]).toEqual([file, allowed]);
      }
    });

    it('only reference partials that exist', () => {
      for (const file of templates) {
        for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/\{\{~?>\s*([\w/-]+)/g)) {
          expect([file, name, fs.existsSync(path.join(partialsDir, `${name}.hbs`))]).toEqual([file, name, true]);
        }
      }
    });

    it('print url fields with this.url: a bare {{url}} would call the url helper instead', () => {
      for (const file of templates) {
        expect([file, fs.readFileSync(file, 'utf8').match(/\{\{url\}\}/g)]).toEqual([file, null]);
      }
    });
  });

  describe('errors/error', () => {
    it('renders inside the portal layout', () => {
      const html = render('errors/error', 'layouts/portal', { ...portalLocals(), ...samples.error() });
      expectWellFormedPage(html);
      expect(html).toContain('Error 404');
      expect(html).toContain(`href="${BASE}/"`);
    });

    it('renders inside the staff layout', () => {
      const html = render('errors/error', 'layouts/scp', { ...scpLocals(), ...samples.error() });
      expectWellFormedPage(html);
      expect(html).toContain(`href="${BASE}/scp/tickets"`);
    });
  });
});
