import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';

/** A visitor's reply on their ticket page (multipart; the files arrive separately as req.uploads). */
export class PortalReplyDto {
  @Trim()
  @MaxLength(MAX_BODY_CHARS, { message: `Your reply must be at most ${MAX_BODY_CHARS} characters.` })
  @IsNotEmpty({ message: 'Enter your reply.' })
  @IsString({ message: 'Enter your reply.' })
  message: string;
}
