import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { stacked, Trim } from '../common/form-transforms';
import { MAX_BODY_CHARS } from '../database/columns';

/** A new ticket's subject, as the portal's and the staff panel's forms ask for it. */
export const IssueSummaryField = () =>
  stacked(Trim(), MaxLength(255, { message: 'Issue summary must be at most 255 characters.' }), IsNotEmpty({ message: 'Issue summary is required.' }), IsString({ message: 'Issue summary is required.' }));

/** A new ticket's first message. */
export const IssueDetailsField = () =>
  stacked(
    Trim(), MaxLength(MAX_BODY_CHARS, { message: `Issue details must be at most ${MAX_BODY_CHARS} characters.` }),
    IsNotEmpty({ message: 'Issue details are required.' }), IsString({ message: 'Issue details are required.' }),
  );
