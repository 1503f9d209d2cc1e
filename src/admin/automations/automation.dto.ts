import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { Checkbox, Trim } from '../../common/form-transforms';
import { AUTOMATION_KINDS } from '../../jobs/jobs.entities';
import { AutomationInput, DAYS_RANGE, HOURS_RANGE, MAX_RULE_NAME_CHARS } from '../../jobs/automation-rules';

const OPTIONAL_ID = /^([1-9]\d{0,9})?$/;
const NUMBER = /^(\d{1,6})?$/;
const NAME = `Enter a name (up to ${MAX_RULE_NAME_CHARS} characters).`;
const DAYS = `Enter a whole number of days from ${DAYS_RANGE.min} to ${DAYS_RANGE.max}.`;
const HOURS = `Enter a whole number of business hours from ${HOURS_RANGE.min} to ${HOURS_RANGE.max}.`;
const pick = (what: string) => `Choose ${what} from the list.`;

/**
 * POST /scp/admin/automations and /scp/admin/automations/:id. Both kinds' fields come in one form; the
 * service judges only those of the rule's kind (ranges, required choices, that the ids exist).
 */
export class AutomationDto {
  @Trim()
  @IsString({ message: NAME })
  @Length(1, MAX_RULE_NAME_CHARS, { message: NAME })
  name: string;

  @IsIn(AUTOMATION_KINDS, { message: 'Choose what the rule does.' })
  kind: string;

  @Trim() @IsString({ message: DAYS }) @Matches(NUMBER, { message: DAYS })
  days = '';

  @IsString({ message: pick('a status') }) @Matches(OPTIONAL_ID, { message: pick('a status') })
  fromStatusId = '';

  @IsString({ message: pick('a status') }) @Matches(OPTIONAL_ID, { message: pick('a status') })
  toStatusId = '';

  @Trim() @IsString({ message: HOURS }) @Matches(NUMBER, { message: HOURS })
  hours = '';

  @IsString({ message: pick('a department') }) @Matches(OPTIONAL_ID, { message: pick('a department') })
  departmentId = '';

  @IsString({ message: pick('an agent') }) @Matches(OPTIONAL_ID, { message: pick('an agent') })
  assignStaffId = '';

  @IsString({ message: pick('a team') }) @Matches(OPTIONAL_ID, { message: pick('a team') })
  assignTeamId = '';

  @IsString({ message: pick('a department') }) @Matches(OPTIONAL_ID, { message: pick('a department') })
  transferDepartmentId = '';

  @Checkbox() @IsBoolean()
  raisePriority = false;

  @Checkbox() @IsBoolean()
  alert = false;

  @Checkbox() @IsBoolean()
  isActive = false;
}

const num = (value: string): number | null => (value === '' ? null : Number(value));

/** The typed input of a parsed form. */
export function automationFormInput(dto: AutomationDto): AutomationInput {
  return {
    name: dto.name, kind: dto.kind as AutomationInput['kind'], isActive: dto.isActive,
    days: num(dto.days), fromStatusId: num(dto.fromStatusId), toStatusId: num(dto.toStatusId),
    hours: num(dto.hours), departmentId: num(dto.departmentId), assignStaffId: num(dto.assignStaffId), assignTeamId: num(dto.assignTeamId),
    transferDepartmentId: num(dto.transferDepartmentId), raisePriority: dto.raisePriority, alert: dto.alert,
  };
}
