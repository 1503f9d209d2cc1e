import { IsBoolean, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MAX_CANNED_TITLE_CHARS } from '../../canned/canned.entities';
import { Checkbox, Trim } from '../../common/form-transforms';

export const MAX_CANNED_BODY_CHARS = 10_000;
const TITLE = `Enter a title (up to ${MAX_CANNED_TITLE_CHARS} characters).`;
const BODY = 'Write the response.';
const DEPARTMENT = 'Choose a department from the list.';

/** POST /scp/admin/canned and /scp/admin/canned/:id */
export class CannedDto {
  @Trim()
  @IsString({ message: TITLE })
  @Length(1, MAX_CANNED_TITLE_CHARS, { message: TITLE })
  title: string;

  /** '' means every department. */
  @IsString({ message: DEPARTMENT })
  @Matches(/^([1-9]\d{0,9})?$/, { message: DEPARTMENT })
  departmentId: string;

  @IsString({ message: BODY })
  @Matches(/\S/, { message: BODY })
  @MaxLength(MAX_CANNED_BODY_CHARS, { message: `The response is too long (at most ${MAX_CANNED_BODY_CHARS.toLocaleString('en-US')} characters).` })
  body: string;

  @Checkbox()
  @IsBoolean()
  isActive = false;
}
