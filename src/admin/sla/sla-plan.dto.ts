import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../common/form-transforms';
import { SlaPlanInput } from '../../sla/sla-plans-admin.service';

const HOURS = /^-?\d{1,7}$/;
const HOURS_MESSAGE = 'Enter a whole number of hours.';

/** POST /scp/admin/sla and /scp/admin/sla/:id. Targets are checked as numbers by the service (validateSlaPlan). */
export class SlaPlanDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(120, { message: 'The name is too long (at most 120 characters).' })
  name: string;

  @Trim()
  @IsOptional()
  @IsString({ message: HOURS_MESSAGE })
  @Matches(/^(-?\d{1,7})?$/, { message: `${HOURS_MESSAGE} Leave it empty for no first-response target.` })
  firstResponseHours?: string;

  @Trim()
  @IsString({ message: 'Enter the resolution target in hours.' })
  @IsNotEmpty({ message: 'Enter the resolution target in hours.' })
  @Matches(HOURS, { message: HOURS_MESSAGE })
  resolutionHours: string;

  @IsOptional()
  @IsString({ message: 'Choose a schedule from the list, or calendar hours.' })
  @Matches(/^(\d{1,10})?$/, { message: 'Choose a schedule from the list, or calendar hours.' })
  scheduleId?: string;

  @Checkbox()
  @IsBoolean()
  alertsEnabled = false;

  @Checkbox()
  @IsBoolean()
  isActive = false;

  @Checkbox()
  @IsBoolean()
  isDefault = false;
}

export const toSlaPlanInput = (dto: SlaPlanDto): SlaPlanInput => ({
  name: dto.name,
  firstResponseHours: dto.firstResponseHours ? Number(dto.firstResponseHours) : null,
  resolutionHours: Number(dto.resolutionHours),
  scheduleId: dto.scheduleId ? Number(dto.scheduleId) : null,
  alertsEnabled: dto.alertsEnabled,
  isActive: dto.isActive,
  isDefault: dto.isDefault,
});

/** GET /scp/admin/sla/preview?planId=&start=&timezone= */
export class SlaPreviewDto {
  @IsString({ message: 'Choose an SLA plan from the list.' })
  @Matches(/^[1-9]\d{0,9}$/, { message: 'Choose an SLA plan from the list.' })
  planId: string;

  @Trim()
  @IsString({ message: 'Enter a start date and time.' })
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'Enter a start date and time, like 2026-11-27 16:00.' })
  start: string;

  @Trim()
  @IsString({ message: 'Enter a time zone.' })
  @MaxLength(64, { message: 'Enter a time zone such as America/New_York.' })
  timezone: string;
}
