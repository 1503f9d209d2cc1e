import * as hbs from 'hbs';
import { kbHtml } from './kb-html.helper';

describe('kbHtml helper', () => {
  it('prints allowed markup as is and strips anything else, even from a stored body', () => {
    const hb = hbs.create().handlebars;
    hb.registerHelper('kbHtml', kbHtml);
    expect(hb.compile('{{kbHtml body}}')({ body: '<p>Hi <b>there</b><script>alert(1)</script><img src=x onerror=alert(1)></p>' }))
      .toBe('<p>Hi <b>there</b><img src="x" /></p>');
  });

  it('prints nothing for a value that is not text', () => {
    expect(kbHtml(null).toString()).toBe('');
  });
});
