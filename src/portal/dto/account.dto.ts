import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EmailField, FullNameField } from '../../users/contact.dto';

class WithEmail {
  @EmailField()
  email: string;
}

/** POST /account/login */
export class PortalLoginDto extends WithEmail {
  @IsNotEmpty({ message: 'Enter your password.' })
  @MaxLength(200, { message: 'Enter your password.' })
  @IsString({ message: 'Enter your password.' })
  password: string;
}

/** POST /account/password-reset, POST /status/link ("email me a link") */
export class PortalEmailDto extends WithEmail {}

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
export class PortalSignUpDto extends WithEmail {
  @FullNameField()
  name: string;

  @MaxLength(200, { message: 'Use at most 200 characters.' })
  @IsString({ message: 'Enter a password.' })
  password: string;

  @MaxLength(200, { message: 'The two passwords do not match.' })
  @IsString({ message: 'Type the password again.' })
  confirm: string;
}

/** POST /scp/portal-invitations */
export class PortalInvitationDto extends WithEmail {
  @FullNameField()
  name: string;
}
