import { IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../../common/form-transforms';
import { StatusInput, STATUS_STATES } from '../../../tickets/ticket-statuses-admin.service';
import { StatusState } from '../../../tickets/ticket-lifecycle';

/** POST /scp/admin/statuses and /scp/admin/statuses/:id */
export class StatusDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(64, { message: 'The name is too long (at most 64 characters).' })
  name: string;

  @IsIn(STATUS_STATES, { message: 'Choose a state from the list.' })
  state: string;

  @Checkbox()
  @IsBoolean()
  isReopenable = false;

  @Checkbox()
  @IsBoolean()
  pausesSla = false;

  @Checkbox()
  @IsBoolean()
  isDefault = false;

  @Trim()
  @IsString({ message: 'Enter the position as a whole number from 0 to 9999.' })
  @Matches(/^\d{1,4}$/, { message: 'Enter the position as a whole number from 0 to 9999.' })
  sort: string;
}

export const toStatusInput = (dto: StatusDto): StatusInput => ({
  name: dto.name,
  state: dto.state as StatusState,
  isReopenable: dto.isReopenable,
  pausesSla: dto.pausesSla,
  isDefault: dto.isDefault,
  sort: Number(dto.sort),
});
