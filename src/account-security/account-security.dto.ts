import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../common/form-transforms';

/**
 * Passwords are never trimmed, and their rules (length, names, common ones) live in password-policy.ts;
 * the DTOs only insist on text. The upper bound here just keeps a huge body away from the hasher. A field
 * that was not sent is empty (the defaults), so it gets the policy's own message.
 */
const MAX_TYPED = 1000;

/** POST /scp/profile/password */
export class PasswordChangeDto {
  @IsString({ message: 'Enter your current password.' })
  @IsNotEmpty({ message: 'Enter your current password.' })
  @MaxLength(MAX_TYPED, { message: 'Your current password is not correct.' })
  currentPassword: string = '';

  @IsString({ message: 'Enter a new password.' })
  @MaxLength(MAX_TYPED, { message: 'Use at most 200 characters.' })
  password: string = '';

  @IsString({ message: 'Type the new password again.' })
  @MaxLength(MAX_TYPED, { message: 'The two passwords do not match.' })
  confirm: string = '';
}

/** POST /scp/password-reset/:token */
export class PasswordResetDto {
  @IsString({ message: 'Enter a new password.' })
  @MaxLength(MAX_TYPED, { message: 'Use at most 200 characters.' })
  password: string = '';

  @IsString({ message: 'Type the new password again.' })
  @MaxLength(MAX_TYPED, { message: 'The two passwords do not match.' })
  confirm: string = '';
}

/** POST /scp/password-reset */
export class PasswordResetRequestDto {
  @Trim()
  @IsString({ message: 'Enter your username or email address.' })
  @IsNotEmpty({ message: 'Enter your username or email address.' })
  @MaxLength(191, { message: 'Enter your username or email address.' })
  login: string;
}
