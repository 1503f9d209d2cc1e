import { IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../common/form-transforms';

const CODE = 'Enter the 6-digit code from your app.';
const EITHER = 'Enter the 6-digit code from your app, or one of your recovery codes.';

/** POST /scp/profile/two-factor/confirm and /recovery-codes: a current code from the app. */
export class TwoFactorCodeDto {
  @Trim()
  @IsString({ message: CODE })
  @IsNotEmpty({ message: CODE })
  @MaxLength(32, { message: CODE })
  code = '';
}

/** POST /scp/profile/two-factor/disable: the password, and a current code or a recovery code. */
export class TwoFactorDisableDto {
  @IsString({ message: 'Enter your password.' })
  @IsNotEmpty({ message: 'Enter your password.' })
  @MaxLength(200, { message: 'That password is not right.' })
  password = '';

  @Trim()
  @ValidateIf((dto: TwoFactorDisableDto) => !dto.recoveryCode)
  @IsString({ message: EITHER })
  @IsNotEmpty({ message: EITHER })
  @MaxLength(32, { message: CODE })
  code = '';

  @Trim()
  @IsString({ message: 'Enter a recovery code.' })
  @MaxLength(64, { message: 'That is not a recovery code.' })
  recoveryCode = '';
}

/** POST /scp/login/two-factor: a current code, or else a recovery code. */
export class TwoFactorLoginDto {
  @Trim()
  @ValidateIf((dto: TwoFactorLoginDto) => !dto.recoveryCode)
  @IsString({ message: EITHER })
  @IsNotEmpty({ message: EITHER })
  @MaxLength(32, { message: CODE })
  code = '';

  @Trim()
  @IsString({ message: 'Enter a recovery code.' })
  @MaxLength(64, { message: 'That is not a recovery code.' })
  recoveryCode = '';
}
