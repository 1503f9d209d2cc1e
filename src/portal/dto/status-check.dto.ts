import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';

/** "Check Ticket Status": the email address the ticket was opened with and its number. */
export class StatusCheckDto {
  @Trim()
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(191, { message: 'Email address must be at most 191 characters.' })
  @IsString({ message: 'Enter a valid email address.' })
  email: string;

  @Trim()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'Enter your ticket number.' })
  @IsNotEmpty({ message: 'Enter your ticket number.' })
  @IsString({ message: 'Enter your ticket number.' })
  number: string;
}
