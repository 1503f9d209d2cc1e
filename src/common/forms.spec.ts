import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { parseForm } from './forms';

class ContactForm {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @IsString({ message: 'Enter your email address.' })
  email: string;

  @MaxLength(10, { message: 'Name must be at most 10 characters.' })
  @IsNotEmpty({ message: 'Name is required.' })
  @IsString({ message: 'Name is required.' })
  name: string;

  @IsOptional()
  @IsString({ message: 'Phone must be text.' })
  phone?: string;
}

describe('parseForm', () => {
  it('returns the DTO instance, transformed, without fields it does not declare', () => {
    const result = parseForm(ContactForm, { email: '  ann@example.com ', name: 'Ann', _csrf: 'token', isAdmin: 'true' });
    expect(result).toEqual({ ok: true, value: { email: 'ann@example.com', name: 'Ann' } });
    expect(result.ok && result.value).toBeInstanceOf(ContactForm);
  });

  it('reads a multipart body (an object without a prototype)', () => {
    const body = Object.assign(Object.create(null) as object, { email: 'ann@example.com', name: 'Ann' });
    expect(parseForm(ContactForm, body).ok).toBe(true);
  });

  it('gives one message per field: the first constraint that failed, in the order they are checked', () => {
    const result = parseForm(ContactForm, { email: 'nope', name: '' });
    expect(result).toEqual({ ok: false, errors: { email: 'Enter a valid email address.', name: 'Name is required.' } });
    expect(parseForm(ContactForm, { email: 'ann@example.com', name: 'Annabelle Smith' })).toEqual({
      ok: false,
      errors: { name: 'Name must be at most 10 characters.' },
    });
  });

  it('refuses repeated fields (arrays) where a string is expected', () => {
    const result = parseForm(ContactForm, { email: ['a@example.com', 'b@example.com'], name: 'Ann', phone: ['1', '2'] });
    expect(result).toEqual({ ok: false, errors: { email: 'Enter your email address.', phone: 'Phone must be text.' } });
  });

  it('marks every field invalid when the body is not an object', () => {
    for (const body of [undefined, null, 'email=a', 42, [{ email: 'ann@example.com', name: 'Ann' }]]) {
      const result = parseForm(ContactForm, body);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors).toEqual({ email: 'Enter your email address.', name: 'Name is required.', phone: 'This field is invalid.' });
      }
    }
  });

  it('can be awaited', async () => {
    await expect(Promise.resolve(parseForm(ContactForm, { email: 'ann@example.com', name: 'Ann' }))).resolves.toMatchObject({ ok: true });
  });
});

describe('parseForm message order', () => {
  class Reply {
    @IsString({ message: 'Enter a reply.' })
    @IsNotEmpty({ message: 'Enter a reply.' })
    @MaxLength(5, { message: 'Too long.' })
    message: string;
  }
  it('reports a missing field as required, not as too long', () => {
    expect(parseForm(Reply, {})).toEqual({ ok: false, errors: { message: 'Enter a reply.' } });
    expect(parseForm(Reply, { message: 'far too long' })).toEqual({ ok: false, errors: { message: 'Too long.' } });
  });
});
