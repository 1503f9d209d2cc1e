import { IsNotEmpty, IsString, Matches } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { EmailField } from '../../users/contact.dto';

/** "Check Ticket Status": the email address the ticket was opened with and its number. */
export class StatusCheckDto {
  @EmailField()
  email: string;

  @Trim()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'Enter your ticket number.' })
  @IsNotEmpty({ message: 'Enter your ticket number.' })
  @IsString({ message: 'Enter your ticket number.' })
  number: string;
}
