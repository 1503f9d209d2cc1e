import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_BODY_CHARS } from '../../database/columns';
import { CANNED_IDS, ID_PATTERN, OPTIONAL_ID_PATTERN } from './fields';

/**
 * POST /scp/tickets/:id/reply/canned: the reply form as it stands, plus the canned response to insert.
 * The draft is not trimmed: it goes back into the textarea exactly as typed.
 */
export class CannedInsertDto {
  @IsString({ message: 'Choose a canned response to insert.' })
  @Matches(ID_PATTERN, { message: 'Choose a canned response to insert.' })
  cannedId: string;

  @IsOptional()
  @IsString({ message: 'The reply must be text.' })
  @MaxLength(MAX_BODY_CHARS, { message: 'The reply is too long to add a canned response to.' })
  message?: string;

  @IsOptional()
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a status from the list.' })
  statusId?: string;

  @IsOptional()
  @IsIn(['1'], { message: 'Tick the box or leave it empty.' })
  appendSignature?: string;

  @IsOptional()
  @Matches(CANNED_IDS, { message: 'The form is out of date; reload the ticket.' })
  cannedIds?: string;

  @IsOptional()
  @Matches(ID_PATTERN, { message: 'The form is out of date; reload the ticket.' })
  lastEntryId?: string;
}

/** The inserted responses so far plus `id`, each once: "3,5". */
export function joinCannedIds(previous: string | undefined, id: number): string {
  const ids = new Set((previous ?? '').split(',').filter(Boolean).map(Number));
  ids.add(id);
  return [...ids].slice(0, 20).join(',');
}
