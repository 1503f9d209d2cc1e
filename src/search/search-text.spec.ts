import { fts5Query, isSearchable, mysqlBooleanQuery, parseSearchText } from './search-text';

describe('parseSearchText', () => {
  it('reads a ticket number, with or without #', () => {
    expect(parseSearchText('#123456')).toMatchObject({ number: '123456', email: null });
    expect(parseSearchText(' 123456 ').number).toBe('123456');
  });

  it('reads an email address exactly, lower-cased, and not as a name', () => {
    expect(parseSearchText('Karen@Example.com')).toMatchObject({ email: 'karen@example.com', name: null, number: null });
  });

  it('turns FTS operators, quotes and punctuation into plain words of 3+ characters', () => {
    const parts = parseSearchText('"printer OR (fire* NEAR -smoke) + @x ab');
    expect(parts.terms).toEqual(['printer', 'fire', 'near', 'smoke']);
    expect(mysqlBooleanQuery(parts.terms)).toBe('+printer* +fire* +near* +smoke*');
    expect(fts5Query(parts.terms)).toBe('"printer"* "fire"* "near"* "smoke"*');
  });

  it('keeps letters of any script and drops duplicates, at most 8 words', () => {
    expect(parseSearchText('Café café naïve').terms).toEqual(['café', 'naïve']);
    expect(parseSearchText('one two three four five six seven eight nine ten eleven').terms).toHaveLength(8);
  });

  it('says when there is nothing to look for', () => {
    expect(isSearchable(parseSearchText('!!! ??'))).toBe(false);
    expect(isSearchable(parseSearchText('"'))).toBe(false);
    expect(isSearchable(parseSearchText('ab'))).toBe(true); // a number or a name prefix
  });
});
