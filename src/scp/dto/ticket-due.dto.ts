import { IsString, Matches } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { TicketFormDto } from './ticket-post.dto';

const MESSAGE = 'Enter a date and time, like 2026-12-01 17:00, or leave it empty to clear it.';

/** POST /scp/tickets/:id/due: a datetime-local value in the help desk's time zone; '' clears the due date. */
export class TicketDueDto extends TicketFormDto {
  @Trim()
  @IsString({ message: MESSAGE })
  @Matches(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/, { message: MESSAGE })
  dueAt: string;
}
