import { readUserSearch } from './user-search';

describe('readUserSearch', () => {
  it('searches emails when the term has an @, lower-cased', () => {
    expect(readUserSearch(' Karen@Ex ')).toEqual({ column: 'email', prefix: 'karen@ex' });
  });

  it('searches phone numbers when the term looks like the start of one', () => {
    expect(readUserSearch('+1 (555) 01')).toEqual({ column: 'phone', prefix: '+1 (555) 01' });
    expect(readUserSearch('555-0')).toEqual({ column: 'phone', prefix: '555-0' });
  });

  it('searches names otherwise, including a single digit', () => {
    expect(readUserSearch('Karen K')).toEqual({ column: 'name', prefix: 'Karen K' });
    expect(readUserSearch('5')).toEqual({ column: 'name', prefix: '5' });
    expect(readUserSearch('R2-D2')).toEqual({ column: 'name', prefix: 'R2-D2' });
  });

  it('is no search for an empty term', () => {
    expect(readUserSearch('   ')).toBeNull();
  });
});
