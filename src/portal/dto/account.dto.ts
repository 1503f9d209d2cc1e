import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';

const EMAIL = 'Enter a valid email address.';

class EmailField {
  @Trim()
  @IsEmail({}, { message: EMAIL })
  @MaxLength(191, { message: 'Email address must be at most 191 characters.' })
  @IsString({ message: EMAIL })
  email: string;
}

/** POST /account/login */
export class PortalLoginDto extends EmailField {
  @IsNotEmpty({ message: 'Enter your password.' })
  @MaxLength(200, { message: 'Enter your password.' })
  @IsString({ message: 'Enter your password.' })
  password: string;
}

/** POST /account/password-reset, POST /status/link ("email me a link") */
export class PortalEmailDto extends EmailField {}

/** A new password typed twice (the policy itself is checked by the service). */
export class PortalNewPasswordDto {
  @MaxLength(200, { message: 'Use at most 200 characters.' })
  @IsString({ message: 'Enter a new password.' })
  password: string;

  @MaxLength(200, { message: 'The two passwords do not match.' })
  @IsString({ message: 'Type the password again.' })
  confirm: string;
}

/** POST /account/register */
export class PortalSignUpDto extends EmailField {
  @Trim()
  @MaxLength(128, { message: 'Full name must be at most 128 characters.' })
  @IsNotEmpty({ message: 'Full name is required.' })
  @IsString({ message: 'Full name is required.' })
  name: string;

  @MaxLength(200, { message: 'Use at most 200 characters.' })
  @IsString({ message: 'Enter a password.' })
  password: string;

  @MaxLength(200, { message: 'The two passwords do not match.' })
  @IsString({ message: 'Type the password again.' })
  confirm: string;
}

/** POST /scp/portal-invitations */
export class PortalInvitationDto extends EmailField {
  @Trim()
  @MaxLength(128, { message: 'Full name must be at most 128 characters.' })
  @IsNotEmpty({ message: 'Full name is required.' })
  @IsString({ message: 'Full name is required.' })
  name: string;
}
