import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';

/** POST /scp/tickets/:id/collaborators: an existing user's email, or a new user's email and name. */
export class CollaboratorDto {
  @Trim()
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(191, { message: 'Email address must be at most 191 characters.' })
  @IsString({ message: 'Enter a valid email address.' })
  email: string;

  @Trim()
  @IsOptional()
  @MaxLength(128, { message: 'Full name must be at most 128 characters.' })
  @IsString({ message: 'Enter the full name as text.' })
  name?: string;
}
