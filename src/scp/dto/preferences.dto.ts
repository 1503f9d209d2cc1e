import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';

/** The longest signature we keep (plain text, appended to replies). */
export const MAX_SIGNATURE = 2000;

/** POST /scp/profile/preferences; ranges and lists are checked by the controller's rules (one message each). */
export class PreferencesDto {
  @IsOptional()
  @IsString({ message: 'The signature must be text.' })
  @MaxLength(MAX_SIGNATURE, { message: `Keep the signature under ${MAX_SIGNATURE.toLocaleString('en-US')} characters.` })
  signature: string = '';

  @Trim()
  @IsString({ message: 'Choose a time zone from the list.' })
  @MaxLength(64, { message: 'Choose a time zone from the list.' })
  timezone: string = '';

  @Trim()
  @IsString({ message: 'Enter a page size from 10 to 100.' })
  @Matches(/^(\d{1,3})?$/, { message: 'Enter a page size from 10 to 100.' })
  pageSize: string = '';

  @Trim()
  @IsString({ message: 'Choose a queue from the list.' })
  @MaxLength(32, { message: 'Choose a queue from the list.' })
  defaultQueue: string = '';
}
