import { articleText, excerpt, prefixRange, sanitizeArticleHtml, searchTerms, wordsOf } from './kb-text';

describe('article HTML', () => {
  it('keeps structure and safe links, drops script, handlers, styles and foreign schemes', () => {
    const html = sanitizeArticleHtml(
      '<h2 onclick="x()">Reset</h2><script>alert(1)</script><p style="color:red">Go to <a href="javascript:alert(1)">here</a> or ' +
        '<a href="https://example.com/a">docs</a></p><img src="http://evil/x.png" onerror="x()"><iframe src="https://x"></iframe>',
    );
    expect(html).toBe('<h2>Reset</h2><p>Go to <a rel="noopener noreferrer nofollow">here</a> or <a href="https://example.com/a" rel="noopener noreferrer nofollow">docs</a></p><img src="http://evil/x.png" />');
  });

  it('gives the text, with entities decoded and blocks apart, and a short excerpt cut at a word', () => {
    expect(articleText('<p>Tom &amp; Jerry</p><p>second&nbsp;line</p>')).toBe('Tom & Jerry second line');
    expect(excerpt('<p>one two three four five</p>', 12)).toBe('one two…');
  });
});

describe('words and search terms', () => {
  it('lower-cases, splits on anything but letters and digits, drops short and common words, keeps each once', () => {
    expect(wordsOf('How do I reset my VPN password? Password reset, café 2FA')).toEqual(['reset', 'vpn', 'password', 'café', '2fa']);
  });

  it('keeps the longest search terms first, at most six', () => {
    expect(searchTerms('the printer is jammed again and again')).toEqual(['printer', 'jammed', 'again']);
    expect(searchTerms('aa bb cc dd ee ff gg hh')).toHaveLength(6);
    expect(searchTerms('the and of')).toEqual([]);
  });

  it('turns a prefix into an index range', () => {
    expect(prefixRange('pass')).toEqual({ from: 'pass', to: 'past' });
    expect(prefixRange('caf\u00e9')).toEqual({ from: 'caf\u00e9', to: 'caf\u00ea' });
  });
});
