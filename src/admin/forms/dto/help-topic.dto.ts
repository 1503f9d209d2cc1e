import { IsBoolean, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../../common/form-transforms';

const OPTIONAL_ID = /^([1-9]\d{0,9})?$/;
const pick = (what: string) => ({ message: `Choose ${what} from the list.` });

/** POST /scp/admin/help-topics and /scp/admin/help-topics/:id. Ids are '' for "none". */
export class HelpTopicDto {
  @Trim()
  @IsString({ message: 'Name is required.' })
  @IsNotEmpty({ message: 'Name is required.' })
  @MaxLength(128, { message: 'Name must be at most 128 characters.' })
  name: string;

  @Trim() @IsString(pick('a parent topic')) @Matches(OPTIONAL_ID, pick('a parent topic'))
  parentId = '';

  @Trim() @IsString(pick('a department')) @Matches(OPTIONAL_ID, pick('a department'))
  departmentId = '';

  @Trim() @IsString(pick('a priority')) @Matches(OPTIONAL_ID, pick('a priority'))
  priorityId = '';

  @Trim() @IsString(pick('an SLA plan')) @Matches(OPTIONAL_ID, pick('an SLA plan'))
  slaPlanId = '';

  @Trim() @IsString(pick('a status')) @Matches(OPTIONAL_ID, pick('a status'))
  statusId = '';

  @Trim() @IsString(pick('an agent')) @Matches(OPTIONAL_ID, pick('an agent'))
  staffId = '';

  @Trim() @IsString(pick('a team')) @Matches(OPTIONAL_ID, pick('a team'))
  teamId = '';

  @Trim() @IsString(pick('a form')) @Matches(OPTIONAL_ID, pick('a form'))
  formId = '';

  @Checkbox()
  @IsBoolean()
  isPublic = false;

  @Checkbox()
  @IsBoolean()
  isActive = false;

  @Trim()
  @IsString({ message: 'Sort order must be a whole number from 0 to 9999.' })
  @Matches(/^\d{0,4}$/, { message: 'Sort order must be a whole number from 0 to 9999.' })
  sort = '';
}
