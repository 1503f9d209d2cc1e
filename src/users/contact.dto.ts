import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { stacked as stack, Trim } from '../common/form-transforms';
import { ContactInfo } from './users.service';

const EMAIL = 'Enter a valid email address.';

/** An end user's email address: the one rule wherever a form asks for it (portal and staff panel). */
export const EmailField = () =>
  stack(Trim(), IsEmail({}, { message: EMAIL }), MaxLength(191, { message: 'Email address must be at most 191 characters.' }), IsString({ message: EMAIL }));

/** A required full name. */
export const FullNameField = () =>
  stack(Trim(), MaxLength(128, { message: 'Full name must be at most 128 characters.' }), IsNotEmpty({ message: 'Full name is required.' }), IsString({ message: 'Full name is required.' }));

/** A full name that may be left out (an existing user is found by email). */
export const OptionalFullNameField = () =>
  stack(Trim(), IsOptional(), MaxLength(128, { message: 'Full name must be at most 128 characters.' }), IsString({ message: 'Enter the full name as text.' }));

/** An optional phone number. */
export const PhoneField = () =>
  stack(
    Trim(), IsOptional(), Matches(/^[0-9+()./ x-]*$/i, { message: 'Enter a phone number with digits, spaces and + ( ) - only.' }),
    MaxLength(32, { message: 'Phone number must be at most 32 characters.' }), IsString({ message: 'Enter a valid phone number.' }),
  );

/** An end user's contact details as typed in a form. */
export class ContactDto {
  @EmailField()
  email: string;

  @FullNameField()
  name: string;

  @PhoneField()
  phone?: string;
}

export const toContact = (dto: ContactDto): ContactInfo => ({ email: dto.email, name: dto.name, phone: dto.phone || null });
