import { IsIn, IsISO8601, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/form-transforms';

/** The viewer's action groups: a select of the prefixes the app records, by area. */
export const ACTION_GROUPS: { prefix: string; label: string }[] = [
  { prefix: 'auth.', label: 'Sign-ins and account security' },
  { prefix: 'api_key.', label: 'API keys' },
  { prefix: 'settings.', label: 'Settings' },
  { prefix: 'agent.', label: 'Agents' },
  { prefix: 'role.', label: 'Roles' },
  { prefix: 'department.', label: 'Departments' },
  { prefix: 'team.', label: 'Teams' },
  { prefix: 'help_topic.', label: 'Help topics' },
  { prefix: 'form', label: 'Forms and fields' },
  { prefix: 'status.', label: 'Ticket statuses' },
  { prefix: 'priority.', label: 'Priorities' },
  { prefix: 'canned.', label: 'Canned responses' },
];

/** Target types the app records, offered as suggestions for the target filter. */
export const TARGET_TYPES = ['agent', 'api_key', 'canned_response', 'department', 'form', 'form_field', 'help_topic', 'organization', 'priority', 'role', 'settings', 'status', 'team', 'user'];

const DATE = 'Enter a date as YYYY-MM-DD.';
// class-validator reports the lowest decorator first: the format message comes before "does not exist".
const notEmpty = (field: 'from' | 'to') => (o: AuditFilterDto) => o[field] !== '';

/** GET /scp/admin/audit?group=&action=&actor=&target=&from=&to= (every field optional). */
export class AuditFilterDto {
  @IsIn(['', ...ACTION_GROUPS.map((g) => g.prefix)], { message: 'Choose an action group from the list.' })
  group = '';

  @Trim()
  @IsString({ message: 'Enter the start of an action name.' })
  @Matches(/^[a-z0-9_.]{0,64}$/i, { message: 'Enter the start of an action name: letters, digits, dots and underscores, like api_key. or auth.login.' })
  action = '';

  @Trim()
  @IsString({ message: 'Enter part of a name.' })
  @MaxLength(100, { message: 'Enter at most 100 characters.' })
  actor = '';

  @Trim()
  @IsString({ message: 'Enter a target type, like department or api_key.' })
  @Matches(/^[a-z_]{0,32}$/, { message: 'Enter a target type, like department or api_key.' })
  target = '';

  @IsString({ message: DATE })
  @ValidateIf(notEmpty('from'))
  @IsISO8601({ strict: true }, { message: 'That date does not exist.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE })
  from = '';

  @IsString({ message: DATE })
  @ValidateIf(notEmpty('to'))
  @IsISO8601({ strict: true }, { message: 'That date does not exist.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE })
  to = '';
}
