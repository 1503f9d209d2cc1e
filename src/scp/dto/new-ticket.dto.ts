import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';
import { AGENT_SOURCES } from '../../tickets/ticket-agent-intake.service';
import { IssueDetailsField, IssueSummaryField } from '../../tickets/ticket-form-fields';
import { EmailField, OptionalFullNameField, PhoneField } from '../../users/contact.dto';
import { ID_PATTERN, OPTIONAL_ID_PATTERN } from './fields';

export const RESPONSE_KINDS = ['none', 'reply', 'note'] as const;

/**
 * POST /scp/tickets/new (multipart; files arrive as req.uploads). The user: `userId` from the lookup, or
 * email (+ name and phone for someone new). slaPlanId: '' keeps the usual default, 'none' means no plan.
 */
export class NewTicketDto {
  @IsOptional()
  @IsString({ message: 'Pick the user again.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Pick the user again.' })
  userId?: string;

  @ValidateIf((o: NewTicketDto) => !o.userId)
  @EmailField()
  email: string;

  @OptionalFullNameField()
  name?: string;

  @PhoneField()
  phone?: string;

  @IsString({ message: 'Choose how the user reached you.' })
  @IsIn(AGENT_SOURCES, { message: 'Choose how the user reached you.' })
  source: string;

  @IsString({ message: 'Choose a help topic from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a help topic from the list.' })
  topicId: string;

  @IsString({ message: 'Choose a department from the list.' })
  @Matches(ID_PATTERN, { message: 'Choose a department from the list.' })
  departmentId: string;

  @IsOptional()
  @IsString({ message: 'Choose a priority from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a priority from the list.' })
  priorityId?: string;

  @IsOptional()
  @IsString({ message: 'Choose an SLA plan from the list.' })
  @Matches(/^(\d{1,10}|none)?$/, { message: 'Choose an SLA plan from the list.' })
  slaPlanId?: string;

  @IsOptional()
  @IsString({ message: 'Choose an agent from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose an agent from the list.' })
  staffId?: string;

  @IssueSummaryField()
  subject: string;

  @IssueDetailsField()
  message: string;

  @IsOptional()
  @IsString({ message: 'Choose whether to add a reply or a note.' })
  @IsIn(RESPONSE_KINDS, { message: 'Choose whether to add a reply or a note.' })
  responseKind?: string;

  @Trim()
  @ValidateIf((o: NewTicketDto) => !!o.responseKind && o.responseKind !== 'none')
  @MaxLength(MAX_BODY_CHARS, { message: `The response must be at most ${MAX_BODY_CHARS} characters.` })
  @IsNotEmpty({ message: 'Write the reply or note, or choose "No response".' })
  @IsString({ message: 'Write the reply or note, or choose "No response".' })
  response?: string;
}
