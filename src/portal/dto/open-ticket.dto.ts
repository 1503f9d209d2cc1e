import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';

/** The portal's "Open a New Ticket" form (multipart; the files arrive separately as req.uploads). */
export class OpenTicketDto {
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

  @Trim()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'Choose a help topic from the list.' })
  @IsString({ message: 'Choose a help topic from the list.' })
  topicId: string;

  @Trim()
  @MaxLength(255, { message: 'Issue summary must be at most 255 characters.' })
  @IsNotEmpty({ message: 'Issue summary is required.' })
  @IsString({ message: 'Issue summary is required.' })
  subject: string;

  @Trim()
  @MaxLength(MAX_BODY_CHARS, { message: `Issue details must be at most ${MAX_BODY_CHARS} characters.` })
  @IsNotEmpty({ message: 'Issue details are required.' })
  @IsString({ message: 'Issue details are required.' })
  message: string;
}
