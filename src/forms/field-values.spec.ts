import {
  checkFieldValue, checkFieldValues, displayValue, FieldRule, parseChoices, storedList, submittedFieldValues,
} from './field-values';

const field = (over: Partial<FieldRule> = {}): FieldRule => ({ name: 'f', label: 'Answer', type: 'text', choices: null, isRequired: false, ...over });
const ok = (value: string | null) => ({ ok: true, value });
const fail = (message: string) => ({ ok: false, message });

describe('custom field answers', () => {
  describe('required and empty', () => {
    it('stores nothing for an empty optional answer, whitespace included', () => {
      expect(checkFieldValue(field(), undefined)).toEqual(ok(null));
      expect(checkFieldValue(field(), '   ')).toEqual(ok(null));
    });

    it('refuses an empty required answer with the label in the message', () => {
      expect(checkFieldValue(field({ isRequired: true, label: 'Order number' }), ' ')).toEqual(fail('Order number is required.'));
    });

    it('trims text and takes the last of a repeated single-value field', () => {
      expect(checkFieldValue(field(), '  hello ')).toEqual(ok('hello'));
      expect(checkFieldValue(field(), ['first', 'second'])).toEqual(ok('second'));
    });
  });

  describe('lengths', () => {
    it('caps short text at 255 characters and long text at 8,000', () => {
      expect(checkFieldValue(field(), 'x'.repeat(255))).toEqual(ok('x'.repeat(255)));
      expect(checkFieldValue(field(), 'x'.repeat(256))).toEqual(fail('Answer must be at most 255 characters.'));
      expect(checkFieldValue(field({ type: 'textarea' }), 'x'.repeat(8_000)).ok).toBe(true);
      expect(checkFieldValue(field({ type: 'textarea' }), 'x'.repeat(8_001))).toEqual(fail('Answer must be at most 8,000 characters.'));
    });
  });

  describe('number', () => {
    it.each(['42', '-7', '+3', '3.5', '0.000001'])('accepts %s', (v) => expect(checkFieldValue(field({ type: 'number' }), v)).toEqual(ok(v)));
    it.each(['4 2', '1e5', '3,5', 'abc', '1.', '.5', '1.1234567'])('refuses %s', (v) =>
      expect(checkFieldValue(field({ type: 'number' }), v)).toEqual(fail('Answer must be a number, like 42 or 3.5.')));
  });

  describe('date', () => {
    it.each(['2024-02-29', '1999-12-31'])('accepts the calendar date %s', (v) => expect(checkFieldValue(field({ type: 'date' }), v)).toEqual(ok(v)));
    it.each(['2023-02-29', '2024-13-01', '2024-1-5', '05/01/2024', '0999-01-01', '2024-04-31'])('refuses %s', (v) =>
      expect(checkFieldValue(field({ type: 'date' }), v)).toEqual(fail('Answer must be a date written YYYY-MM-DD.')));
  });

  describe('choice', () => {
    const os = field({ type: 'choice', label: 'Operating system', choices: ['Windows', 'macOS', 'Linux'] });
    it('accepts one of the choices, exactly as listed', () => {
      expect(checkFieldValue(os, 'Linux')).toEqual(ok('Linux'));
      expect(checkFieldValue(os, 'linux')).toEqual(fail('Choose Operating system from the list.'));
      expect(checkFieldValue(os, 'BeOS')).toEqual(fail('Choose Operating system from the list.'));
    });
  });

  describe('multiple choice', () => {
    const apps = field({ type: 'multichoice', label: 'Apps', choices: ['Mail', 'Calendar', 'Drive'] });
    it('stores the picks as a JSON list in the order of the choices, without repeats', () => {
      expect(checkFieldValue(apps, ['Drive', 'Mail', 'Drive'])).toEqual(ok('["Mail","Drive"]'));
      expect(checkFieldValue(apps, 'Calendar')).toEqual(ok('["Calendar"]'));
    });
    it('refuses a pick that is not a choice, and no pick when required', () => {
      expect(checkFieldValue(apps, ['Mail', 'Games'])).toEqual(fail('Choose Apps from the list.'));
      expect(checkFieldValue({ ...apps, isRequired: true }, undefined)).toEqual(fail('Apps: choose at least one.'));
      expect(checkFieldValue(apps, undefined)).toEqual(ok(null));
    });
  });

  describe('checkbox', () => {
    const agree = field({ type: 'checkbox', label: 'I agree' });
    it('reads the last of "0" then "1" as ticked, "0" alone as not ticked', () => {
      expect(checkFieldValue(agree, ['0', '1'])).toEqual(ok('1'));
      expect(checkFieldValue(agree, '0')).toEqual(ok('0'));
      expect(checkFieldValue(agree, undefined)).toEqual(ok(null));
    });
    it('must be ticked when required', () => {
      expect(checkFieldValue({ ...agree, isRequired: true }, '0')).toEqual(fail('I agree must be ticked.'));
    });
  });

  describe('email and phone', () => {
    it('accepts an address and refuses text that is not one', () => {
      expect(checkFieldValue(field({ type: 'email' }), 'karen@example.com')).toEqual(ok('karen@example.com'));
      expect(checkFieldValue(field({ type: 'email' }), 'karen at example')).toEqual(fail('Answer must be an email address.'));
    });
    it('accepts digits with + ( ) - and spaces, and refuses letters', () => {
      expect(checkFieldValue(field({ type: 'phone' }), '+1 (555) 010-0100')).toEqual(ok('+1 (555) 010-0100'));
      expect(checkFieldValue(field({ type: 'phone' }), 'call me')).toEqual(fail('Answer must be a phone number with digits, spaces and + ( ) - only.'));
      expect(checkFieldValue(field({ type: 'phone' }), '---')).toEqual(fail('Answer must be a phone number with digits, spaces and + ( ) - only.'));
    });
  });

  it('checks a whole form by input name and keys the messages by input name', () => {
    const fields = [field({ name: 'os', label: 'OS', type: 'choice', choices: ['Linux'], isRequired: true }), field({ name: 'note' })];
    const result = checkFieldValues(fields, { cf_note: 'hi' });
    expect(result.errors).toEqual({ cf_os: 'OS is required.' });
    expect([...result.values]).toEqual([['note', 'hi']]);
  });

  it('reads only cf_ strings and string lists from a body', () => {
    expect(submittedFieldValues({ cf_a: 'x', cf_b: ['1', '2'], cf_c: { evil: 1 }, cf_d: ['x', { y: 1 }], email: 'e', _csrf: 't' }))
      .toEqual({ cf_a: 'x', cf_b: ['1', '2'] });
    expect(submittedFieldValues(null)).toEqual({});
    expect(submittedFieldValues(['cf_a'])).toEqual({});
  });

  it('shows stored answers as people read them', () => {
    expect(displayValue('checkbox', '1')).toBe('Yes');
    expect(displayValue('checkbox', '0')).toBe('No');
    expect(displayValue('multichoice', '["Mail","Drive"]')).toBe('Mail, Drive');
    expect(displayValue('text', null)).toBe('');
    expect(storedList('not json')).toEqual([]);
  });

  it('reads choices one per line, trimmed, without blanks or repeats', () => {
    expect(parseChoices(' Windows \r\n\nmacOS\nWindows\n  \nLinux')).toEqual(['Windows', 'macOS', 'Linux']);
  });
});
