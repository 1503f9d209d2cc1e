import * as hbs from 'hbs';
import { nl2br } from './nl2br.helper';

describe('nl2br helper', () => {
  it('turns every kind of line break into <br>', () => {
    expect(nl2br('a\nb\r\nc\rd').toString()).toBe('a<br>b<br>c<br>d');
  });

  it('escapes HTML before adding line breaks', () => {
    expect(nl2br('<script>alert("x")</script>\n<b>&</b>').toString()).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;&amp;&lt;/b&gt;',
    );
  });

  it('escapes quotes, backticks and equals signs (attribute-breaking characters)', () => {
    expect(nl2br(`' \` =`).toString()).toBe('&#x27; &#x60; &#x3D;');
  });

  it('returns a SafeString so {{nl2br}} does not escape it twice', () => {
    const hb = hbs.create().handlebars;
    hb.registerHelper('nl2br', nl2br);
    expect(hb.compile('{{nl2br body}}')({ body: 'x < y\nz' })).toBe('x &lt; y<br>z');
  });

  it('prints nothing for null or undefined', () => {
    expect(nl2br(null).toString()).toBe('');
    expect(nl2br(undefined).toString()).toBe('');
  });
});
