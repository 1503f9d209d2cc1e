import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { Checkbox } from '../../common/form-transforms';
import { SettingsInput } from '../../settings/settings.schema';

const INVALID = { message: 'This field is invalid.' };

/**
 * The settings form as posted: text as typed (the settings schema trims, converts and judges it, so
 * the rules live in one place) and the two checkboxes. A field that is missing keeps its setting.
 */
export class SettingsFormDto {
  @IsOptional() @IsString(INVALID) helpdeskName?: string;
  @IsOptional() @IsString(INVALID) helpdeskUrl?: string;
  @IsOptional() @IsString(INVALID) timezone?: string;
  @IsOptional() @IsString(INVALID) dateFormat?: string;
  @IsOptional() @IsString(INVALID) defaultPageSize?: string;
  @IsOptional() @IsString(INVALID) ticketNumberMode?: string;
  @IsOptional() @IsString(INVALID) ticketNumberMask?: string;
  @IsOptional() @IsString(INVALID) defaultDepartmentId?: string;
  @IsOptional() @IsString(INVALID) defaultHelpTopicId?: string;
  @IsOptional() @IsString(INVALID) reopenPolicy?: string;
  @IsOptional() @IsString(INVALID) maxOpenTicketsPerUser?: string;
  @IsOptional() @IsString(INVALID) attachmentMaxMb?: string;
  @IsOptional() @IsString(INVALID) attachmentMaxFiles?: string;
  @IsOptional() @IsString(INVALID) allowedFileTypes?: string;
  @IsOptional() @IsString(INVALID) clientRegistration?: string;
  @Checkbox() @IsBoolean() autoresponderEnabled = false;
  @Checkbox() @IsBoolean() alertsEnabled = false;
  @Checkbox() @IsBoolean() emailCcAsCollaborators = false;
  @IsOptional() @IsString(INVALID) autoresponsesPerSenderPerHour?: string;
  @Checkbox() @IsBoolean() portalCaptcha = false;
  @Checkbox() @IsBoolean() usersMayCloseTickets = false;
}

/** The form's fields as the settings service takes them (the two number-format fields become one setting). */
export function toSettingsInput(form: SettingsFormDto): SettingsInput {
  const { ticketNumberMode, ticketNumberMask, ...rest } = form;
  const numberFormat = ticketNumberMode === undefined && ticketNumberMask === undefined ? undefined : { mode: ticketNumberMode, mask: ticketNumberMask };
  return { ...rest, ticketNumberFormat: numberFormat };
}
