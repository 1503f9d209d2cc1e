import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ContactDto } from '../../users/contact.dto';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';

/** The portal's "Open a New Ticket" form (multipart; the files arrive separately as req.uploads). */
export class OpenTicketDto extends ContactDto {
  @Trim()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'Choose a help topic from the list.' })
  @IsString({ message: 'Choose a help topic from the list.' })
  topicId: string;

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
}
