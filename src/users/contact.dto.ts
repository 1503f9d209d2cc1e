import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../common/form-transforms';
import { ContactInfo } from './users.service';

/** An end user's contact details as typed in a form: the one set of rules for each field (portal and staff panel). */
export class ContactDto {
  @Trim()
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(191, { message: 'Email address must be at most 191 characters.' })
  @IsString({ message: 'Enter a valid email address.' })
  email: string;

  @Trim()
  @MaxLength(128, { message: 'Full name must be at most 128 characters.' })
  @IsNotEmpty({ message: 'Full name is required.' })
  @IsString({ message: 'Full name is required.' })
  name: string;

  @Trim()
  @IsOptional()
  @Matches(/^[0-9+()./ x-]*$/i, { message: 'Enter a phone number with digits, spaces and + ( ) - only.' })
  @MaxLength(32, { message: 'Phone number must be at most 32 characters.' })
  @IsString({ message: 'Enter a valid phone number.' })
  phone?: string;
}

export const toContact = (dto: ContactDto): ContactInfo => ({ email: dto.email, name: dto.name, phone: dto.phone || null });
