import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';
import { CANNED_IDS, ID_PATTERN, MAX_TITLE_CHARS, OPTIONAL_ID_PATTERN } from './fields';

/** The hidden field every ticket form carries (the newest entry on screen; collision guard). */
export abstract class TicketFormDto {
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'The form is out of date; reload the ticket.' })
  lastEntryId?: string;
}

/** POST /scp/tickets/:id/reply (multipart): a reply the user sees, optionally changing the status. */
export class ReplyDto extends TicketFormDto {
  @Trim()
  @IsString({ message: 'Enter a reply.' })
  @IsNotEmpty({ message: 'Enter a reply.' })
  @MaxLength(MAX_BODY_CHARS, { message: `The reply is too long (at most ${MAX_BODY_CHARS.toLocaleString('en-US')} characters).` })
  message: string;

  @IsOptional()
  @IsString({ message: 'Choose a status from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a status from the list.' })
  statusId?: string;

  /** The canned responses inserted into the draft ("3,5"): their files go with the reply. */
  @IsOptional()
  @Matches(CANNED_IDS, { message: 'The form is out of date; reload the ticket.' })
  cannedIds?: string;

  /** The "Append my signature" checkbox: '1' when ticked. */
  @IsOptional()
  @IsIn(['1'], { message: 'Tick the box or leave it empty.' })
  appendSignature?: string;
}

/** POST /scp/tickets/:id/note (multipart): an internal note, optionally titled and changing the status. */
export class NoteDto extends TicketFormDto {
  @Trim()
  @IsOptional()
  @IsString({ message: 'The title must be text.' })
  @MaxLength(MAX_TITLE_CHARS, { message: `The title is too long (at most ${MAX_TITLE_CHARS} characters).` })
  title?: string;

  @Trim()
  @IsString({ message: 'Enter the note.' })
  @IsNotEmpty({ message: 'Enter the note.' })
  @MaxLength(MAX_BODY_CHARS, { message: `The note is too long (at most ${MAX_BODY_CHARS.toLocaleString('en-US')} characters).` })
  message: string;

  @IsOptional()
  @IsString({ message: 'Choose a status from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a status from the list.' })
  statusId?: string;
}
