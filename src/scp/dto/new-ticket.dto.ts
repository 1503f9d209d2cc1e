import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';
import { AGENT_SOURCES } from '../../tickets/ticket-agent-intake.service';
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

  @Trim()
  @ValidateIf((o: NewTicketDto) => !o.userId)
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(191, { message: 'Email address must be at most 191 characters.' })
  @IsString({ message: 'Enter a valid email address.' })
  email: string;

  @Trim()
  @IsOptional()
  @MaxLength(128, { message: 'Full name must be at most 128 characters.' })
  @IsString({ message: 'Enter the full name as text.' })
  name?: string;

  @Trim()
  @IsOptional()
  @Matches(/^[0-9+()./ x-]*$/i, { message: 'Enter a phone number with digits, spaces and + ( ) - only.' })
  @MaxLength(32, { message: 'Phone number must be at most 32 characters.' })
  @IsString({ message: 'Enter a valid phone number.' })
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

  @Trim()
  @MaxLength(255, { message: 'Issue summary must be at most 255 characters.' })
  @IsNotEmpty({ message: 'Issue summary is required.' })
  @IsString({ message: 'Issue summary is required.' })
  subject: string;

  @Trim()
  @MaxLength(MAX_BODY_CHARS, { message: `Issue details must be at most ${MAX_BODY_CHARS} characters.` })
  @IsNotEmpty({ message: 'Issue details are required.' })
  @IsString({ message: 'Issue details are required.' })
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
