import { ArrayMaxSize, IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, StringList, Trim } from '../../common/form-transforms';
import { ID_PATTERN } from '../catalog/dto/fields';

export const MAX_TEMPLATE_BODY_CHARS = 16_000;
const BODY_TOO_LONG = `Too long (at most ${MAX_TEMPLATE_BODY_CHARS.toLocaleString('en-US')} characters).`;

/** POST /scp/admin/email-templates/:code (and its preview) */
export class EmailTemplateDto {
  @Trim()
  @IsString({ message: 'Enter a subject (one line).' })
  @Matches(/^[^\r\n]*\S[^\r\n]*$/, { message: 'Enter a subject (one line).' })
  @MaxLength(255, { message: 'The subject is too long (at most 255 characters).' })
  subject: string;

  @IsString({ message: 'Write the text version.' })
  @Matches(/\S/, { message: 'Write the text version.' })
  @MaxLength(MAX_TEMPLATE_BODY_CHARS, { message: BODY_TOO_LONG })
  text: string;

  @IsString({ message: 'Write the HTML version.' })
  @Matches(/\S/, { message: 'Write the HTML version.' })
  @MaxLength(MAX_TEMPLATE_BODY_CHARS, { message: BODY_TOO_LONG })
  html: string;

  @Checkbox() @IsBoolean()
  isActive = false;

  /** Departments that do NOT get this notice (the form shows "send for" boxes and posts the unticked ones). */
  @StringList() @ArrayMaxSize(500) @Matches(ID_PATTERN, { each: true, message: 'Choose departments from the list.' })
  optOutDepartmentIds: string[] = [];
}
