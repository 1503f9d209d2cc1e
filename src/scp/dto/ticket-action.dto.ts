import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { ID_PATTERN, MAX_COMMENT_CHARS, OPTIONAL_ID_PATTERN } from './fields';
import { TicketFormDto } from './ticket-post.dto';

const COMMENT_TOO_LONG = `The comment is too long (at most ${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters).`;

abstract class CommentedDto extends TicketFormDto {
  @Trim()
  @IsOptional()
  @IsString({ message: 'The comment must be text.' })
  @MaxLength(MAX_COMMENT_CHARS, { message: COMMENT_TOO_LONG })
  comment?: string;
}

/** POST /scp/tickets/:id/status; the comment is kept as an internal note (the resolution note). */
export class StatusDto extends CommentedDto {
  @IsString({ message: 'Choose a status from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a status from the list.' })
  statusId: string;
}

/** POST /scp/tickets/:id/assign */
export class AssignDto extends CommentedDto {
  @IsString({ message: 'Choose an agent from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose an agent from the list.' })
  staffId: string;
}

/** POST /scp/tickets/:id/transfer */
export class TransferDto extends CommentedDto {
  @IsString({ message: 'Choose a department from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a department from the list.' })
  departmentId: string;
}

/** POST /scp/tickets/:id/priority */
export class PriorityDto extends TicketFormDto {
  @IsString({ message: 'Choose a priority from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a priority from the list.' })
  priorityId: string;
}

/** POST /scp/tickets/:id/topic */
export class TopicDto extends TicketFormDto {
  @IsString({ message: 'Choose a help topic from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a help topic from the list.' })
  topicId: string;
}

/** POST /scp/tickets/:id/sla; '' clears the plan (the field must still be sent). */
export class SlaDto extends TicketFormDto {
  @IsString({ message: 'Choose an SLA plan from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose an SLA plan from the list.' })
  slaPlanId: string;
}
