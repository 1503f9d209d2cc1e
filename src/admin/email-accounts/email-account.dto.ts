import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../common/form-transforms';
import { MAIL_SECURITIES, MailSecurity } from '../../email-accounts/email-account.entity';
import { EmailAccountInput } from '../../email-accounts/email-accounts.service';
import { OPTIONAL_ID_PATTERN } from '../catalog/dto/fields';

const HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])?$/;
const PORT = /^(6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})?$/;
const FOLDER = /^[^\r\n\0]{0,191}$/;
const HOST_MESSAGE = 'Enter a host name such as mail.example.com, or leave it empty.';
const PORT_MESSAGE = 'Enter a port from 1 to 65535, or leave it empty for the usual one.';
const SECURITY_MESSAGE = 'Choose how the connection is secured.';

/** POST /scp/admin/email-accounts and /scp/admin/email-accounts/:id */
export class EmailAccountDto {
  @Trim()
  @IsString({ message: 'Enter the email address.' })
  @MaxLength(191, { message: 'The address is too long (at most 191 characters).' })
  @IsEmail({}, { message: 'Enter an email address, like support@example.com.' })
  address: string;

  @Trim() @IsString() @MaxLength(128, { message: 'The name is too long (at most 128 characters).' }) @Matches(/^[^"\\<>\r\n]*$/, { message: 'The name cannot hold quotes, backslashes or angle brackets.' })
  name = '';

  @IsOptional() @IsString({ message: 'Choose a department from the list.' }) @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a department from the list.' })
  departmentId = '';

  @IsOptional() @IsString({ message: 'Choose a priority from the list.' }) @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a priority from the list.' })
  priorityId = '';

  @IsOptional() @IsString({ message: 'Choose a help topic from the list.' }) @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a help topic from the list.' })
  helpTopicId = '';

  @Trim() @IsString({ message: HOST_MESSAGE }) @MaxLength(255, { message: HOST_MESSAGE }) @Matches(HOST, { message: HOST_MESSAGE })
  smtpHost = '';

  @Trim() @IsString({ message: PORT_MESSAGE }) @Matches(PORT, { message: PORT_MESSAGE })
  smtpPort = '';

  @IsIn(MAIL_SECURITIES, { message: SECURITY_MESSAGE })
  smtpSecurity: MailSecurity = 'starttls';

  @Trim() @IsString() @MaxLength(255, { message: 'The user name is too long (at most 255 characters).' })
  smtpUser = '';

  /** Blank keeps the saved password. */
  @IsString() @MaxLength(500, { message: 'The password is too long (at most 500 characters).' })
  smtpPassword = '';

  @Checkbox() @IsBoolean()
  clearSmtpPassword = false;

  @Trim() @IsString({ message: HOST_MESSAGE }) @MaxLength(255, { message: HOST_MESSAGE }) @Matches(HOST, { message: HOST_MESSAGE })
  imapHost = '';

  @Trim() @IsString({ message: PORT_MESSAGE }) @Matches(PORT, { message: PORT_MESSAGE })
  imapPort = '';

  @IsIn(MAIL_SECURITIES, { message: SECURITY_MESSAGE })
  imapSecurity: MailSecurity = 'tls';

  @Trim() @IsString() @MaxLength(255, { message: 'The user name is too long (at most 255 characters).' })
  imapUser = '';

  @IsString() @MaxLength(500, { message: 'The password is too long (at most 500 characters).' })
  imapPassword = '';

  @Checkbox() @IsBoolean()
  clearImapPassword = false;

  @Trim() @IsString() @Matches(/^[^\r\n\0]{1,191}$/, { message: 'Enter the folder to fetch from (usually INBOX).' })
  imapFolder = 'INBOX';

  @Trim() @IsString() @Matches(FOLDER, { message: 'The folder name is too long (at most 191 characters).' })
  imapArchiveFolder = '';

  @Checkbox() @IsBoolean()
  fetchEnabled = false;

  @Checkbox() @IsBoolean()
  isActive = false;
}

const id = (value: string) => (value ? Number(value) : null);
const text = (value: string) => (value ? value : null);

export const toEmailAccountInput = (dto: EmailAccountDto): EmailAccountInput => ({
  address: dto.address,
  name: dto.name,
  departmentId: id(dto.departmentId), priorityId: id(dto.priorityId), helpTopicId: id(dto.helpTopicId),
  smtpHost: text(dto.smtpHost), smtpPort: id(dto.smtpPort), smtpSecurity: dto.smtpSecurity, smtpUser: text(dto.smtpUser),
  smtpPassword: dto.smtpPassword === '' ? null : dto.smtpPassword, clearSmtpPassword: dto.clearSmtpPassword,
  imapHost: text(dto.imapHost), imapPort: id(dto.imapPort), imapSecurity: dto.imapSecurity, imapUser: text(dto.imapUser),
  imapPassword: dto.imapPassword === '' ? null : dto.imapPassword, clearImapPassword: dto.clearImapPassword,
  imapFolder: dto.imapFolder, imapArchiveFolder: text(dto.imapArchiveFolder),
  fetchEnabled: dto.fetchEnabled, isActive: dto.isActive,
});
