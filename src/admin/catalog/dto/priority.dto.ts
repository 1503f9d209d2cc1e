import { IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../../common/form-transforms';
import { PriorityInput } from '../../../tickets/priorities-admin.service';
import { PRIORITY_COLORS, PriorityColor } from '../../../tickets/priority.entity';

const URGENCY_MESSAGE = 'Enter an urgency from 1 to 100 (higher is more urgent).';

/** POST /scp/admin/priorities and /scp/admin/priorities/:id */
export class PriorityDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(64, { message: 'The name is too long (at most 64 characters).' })
  name: string;

  @IsIn(PRIORITY_COLORS, { message: 'Choose a colour.' })
  color: string;

  @Trim()
  @IsString({ message: URGENCY_MESSAGE })
  @Matches(/^(100|[1-9]\d?)$/, { message: URGENCY_MESSAGE })
  urgency: string;

  @Checkbox()
  @IsBoolean()
  isDefault = false;
}

export const toPriorityInput = (dto: PriorityDto): PriorityInput => ({
  name: dto.name,
  color: dto.color as PriorityColor,
  urgency: Number(dto.urgency),
  isDefault: dto.isDefault,
});
