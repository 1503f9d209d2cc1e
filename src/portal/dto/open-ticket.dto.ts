import { IsString, Matches } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { IssueDetailsField, IssueSummaryField } from '../../tickets/ticket-form-fields';
import { ContactDto } from '../../users/contact.dto';

/** The portal's "Open a New Ticket" form (multipart; the files arrive separately as req.uploads). */
export class OpenTicketDto extends ContactDto {
  @Trim()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'Choose a help topic from the list.' })
  @IsString({ message: 'Choose a help topic from the list.' })
  topicId: string;

  @IssueSummaryField()
  subject: string;

  @IssueDetailsField()
  message: string;
}
