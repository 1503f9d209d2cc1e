import { ArrayMaxSize, IsBoolean, IsEmail, IsIn, IsString, IsTimeZone, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Checkbox, StringList, Trim } from '../../../common/form-transforms';
import { PASSWORD_MAX_LENGTH as MAX_PASSWORD_LENGTH } from '../../../account-security/password-policy';
import { USERNAME_PATTERN } from '../../../staff/agent-rules';
import type { AgentInput, PasswordChoice } from '../../../staff/agents-admin.service';

const ID = /^[1-9]\d{0,9}$/;
const OPTIONAL_ID = /^([1-9]\d{0,9})?$/;
const PHONE = /^[0-9A-Za-z+().\-/ ]*$/;
const MAX_ROWS = 50;
const MAX_SIGNATURE = 4_000;

// class-validator checks a property's constraints from the last one declared up, and parseForm keeps the
// first failure: each field's @IsString sits last, so a missing field reads "Enter ...", not "too long".

/** Password fields: typed twice, or "generate one and show it once" (then the typed ones are ignored). */
export class PasswordFormDto {
  @Checkbox() @IsBoolean() generatePassword = false;

  @MaxLength(MAX_PASSWORD_LENGTH, { message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` })
  @IsString({ message: 'Enter a password.' })
  password = '';

  @MaxLength(MAX_PASSWORD_LENGTH, { message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` })
  @IsString({ message: 'Repeat the password.' })
  passwordConfirm = '';
}

/** POST /scp/admin/agents/:id: the agent form. Extended access comes as repeated extDept/extRole pairs. */
export class AgentFormDto {
  @Trim()
  @MinLength(1, { message: 'Enter the first name.' })
  @MaxLength(64, { message: 'Use at most 64 characters.' })
  @IsString({ message: 'Enter the first name.' })
  firstName: string;

  @Trim()
  @MinLength(1, { message: 'Enter the last name.' })
  @MaxLength(64, { message: 'Use at most 64 characters.' })
  @IsString({ message: 'Enter the last name.' })
  lastName: string;

  @Trim()
  @Matches(USERNAME_PATTERN, { message: 'Use 2 to 64 letters, digits, dots, dashes or underscores.' })
  @IsString({ message: 'Enter a username.' })
  username: string;

  @Trim()
  @MaxLength(191, { message: 'Use at most 191 characters.' })
  @IsEmail({}, { message: 'Enter a valid email address, like name@example.com.' })
  @IsString({ message: 'Enter the email address.' })
  email: string;

  @Trim()
  @MaxLength(32, { message: 'Use at most 32 characters.' })
  @Matches(PHONE, { message: 'Use digits, spaces and + - ( ) . / (and letters for an extension).' })
  @IsString({ message: 'Enter a phone number.' })
  phone = '';

  @Trim()
  @ValidateIf((o: AgentFormDto) => o.timezone !== '')
  @IsTimeZone({ message: 'Enter a time zone like Europe/Paris or America/New_York, or leave it empty.' })
  @IsString({ message: 'Enter a time zone.' })
  timezone = '';

  @Matches(ID, { message: 'Choose a department from the list.' })
  @IsString({ message: 'Choose a department from the list.' })
  departmentId: string;

  @Matches(ID, { message: 'Choose a role from the list.' })
  @IsString({ message: 'Choose a role from the list.' })
  roleId: string;

  @StringList()
  @ArrayMaxSize(MAX_ROWS, { message: `Give at most ${MAX_ROWS} extended access rows.` })
  @Matches(OPTIONAL_ID, { each: true, message: 'Choose departments and roles from the lists.' })
  extDept: string[] = [];

  @StringList()
  @ArrayMaxSize(MAX_ROWS, { message: `Give at most ${MAX_ROWS} extended access rows.` })
  @Matches(OPTIONAL_ID, { each: true, message: 'Choose departments and roles from the lists.' })
  extRole: string[] = [];

  @StringList()
  @ArrayMaxSize(200, { message: 'Choose teams from the list.' })
  @Matches(ID, { each: true, message: 'Choose teams from the list.' })
  teamIds: string[] = [];

  @Checkbox() @IsBoolean() isAdmin = false;
  @Checkbox() @IsBoolean() isActive = false;
  @Checkbox() @IsBoolean() isLocked = false;
  @Checkbox() @IsBoolean() onVacation = false;
  @Checkbox() @IsBoolean() mustChangePassword = false;

  @Trim()
  @MaxLength(MAX_SIGNATURE, { message: `Use at most ${MAX_SIGNATURE.toLocaleString('en-US')} characters.` })
  @IsString({ message: 'The signature must be text.' })
  signature = '';
}

/** POST /scp/admin/agents: the agent form plus the first password. */
export class NewAgentFormDto extends AgentFormDto {
  @Checkbox() @IsBoolean() generatePassword = false;

  @MaxLength(MAX_PASSWORD_LENGTH, { message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` })
  @IsString({ message: 'Enter a password.' })
  password = '';

  @MaxLength(MAX_PASSWORD_LENGTH, { message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` })
  @IsString({ message: 'Repeat the password.' })
  passwordConfirm = '';
}

/** The extDept/extRole lists as pairs; a row left empty on both sides is no row. */
export function accessRows(depts: string[], roles: string[]): AgentInput['extendedAccess'] {
  const rows = Array.from({ length: Math.max(depts.length, roles.length) }, (_, i) => [depts[i] ?? '', roles[i] ?? '']);
  return rows.filter(([d, r]) => d || r).map(([d, r]) => ({ departmentId: d ? Number(d) : null, roleId: r ? Number(r) : null }));
}

export function toAgentInput(dto: AgentFormDto): AgentInput {
  return {
    firstName: dto.firstName, lastName: dto.lastName, username: dto.username, email: dto.email,
    phone: dto.phone || null, timezone: dto.timezone || null, departmentId: Number(dto.departmentId), roleId: Number(dto.roleId),
    extendedAccess: accessRows(dto.extDept, dto.extRole), teamIds: dto.teamIds.map(Number),
    isAdmin: dto.isAdmin, isActive: dto.isActive, isLocked: dto.isLocked, onVacation: dto.onVacation,
    mustChangePassword: dto.mustChangePassword, signature: dto.signature || null,
  };
}

export const toPasswordChoice = (dto: PasswordFormDto): PasswordChoice =>
  dto.generatePassword ? { generate: true } : { generate: false, password: dto.password, confirm: dto.passwordConfirm };

/** GET /scp/admin/agents?status=: '' means every status. */
export const STATUS_FILTERS = ['', 'active', 'locked', 'disabled'] as const;
export class AgentListQueryDto {
  @Trim()
  @MaxLength(100)
  @IsString()
  q = '';

  @Matches(OPTIONAL_ID)
  @IsString()
  dept = '';

  @IsIn(STATUS_FILTERS)
  @IsString()
  status = '';

  @Matches(OPTIONAL_ID)
  @IsString()
  before = '';
}
