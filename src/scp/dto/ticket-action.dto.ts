import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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

/** POST /scp/tickets/:id/team */
export class TeamDto extends CommentedDto {
  @IsString({ message: 'Choose a team from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a team from the list.' })
  teamId: string;
}

/** POST /scp/tickets/:id/release: what to unassign. */
export class ReleaseDto extends CommentedDto {
  @IsString({ message: 'Choose what to release.' })
  @IsIn(['agent', 'team', 'both'], { message: 'Choose what to release.' })
  target: 'agent' | 'team' | 'both';
}

const TICKET_NUMBERS = /^[#\sA-Za-z0-9,-]*$/;

/** POST /scp/tickets/:id/merge: the tickets to merge into this one, by number ("100042, #100043"). */
export class MergeDto extends TicketFormDto {
  @Trim()
  @IsString({ message: 'Enter the numbers of the tickets to merge into this one.' })
  @IsNotEmpty({ message: 'Enter the numbers of the tickets to merge into this one.' })
  @MaxLength(600, { message: 'Too many ticket numbers at once.' })
  @Matches(TICKET_NUMBERS, { message: 'Enter ticket numbers separated by commas or spaces.' })
  tickets: string;
}

/** POST /scp/tickets/:id/link: relate this ticket to ticket `number`, with an optional reason. */
export class LinkDto extends TicketFormDto {
  @Trim()
  @IsString({ message: 'Enter the number of the ticket to link.' })
  @IsNotEmpty({ message: 'Enter the number of the ticket to link.' })
  @Matches(/^#?[A-Za-z0-9-]{1,32}$/, { message: 'Enter one ticket number, like 100042.' })
  number: string;

  @Trim()
  @IsOptional()
  @IsString({ message: 'The reason must be text.' })
  @MaxLength(255, { message: 'The reason is too long (at most 255 characters).' })
  reason?: string;
}

/** "100042, #100043 100044" -> ['100042', '100043', '100044']. */
export const ticketNumbers = (text: string): string[] => text.split(/[\s,]+/).map((n) => n.replace(/^#/, '')).filter(Boolean);
