import { IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';

const VALUE = 'Enter an email address (spam@example.com) or a domain (example.com).';

/** POST /scp/admin/ban-list */
export class BanEntryDto {
  @Trim()
  @IsString({ message: VALUE })
  @MaxLength(191, { message: 'At most 191 characters.' })
  value: string;

  @Trim()
  @IsString({ message: 'The note is invalid.' })
  @MaxLength(255, { message: 'The note must be at most 255 characters.' })
  note = '';
}
