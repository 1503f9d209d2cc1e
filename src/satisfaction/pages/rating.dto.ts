import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { MAX_RATING_COMMENT_CHARS } from '../satisfaction.service';

/** The rating form, on the portal ticket page and behind the mail link. */
export class RatingDto {
  @IsIn(['good', 'bad'], { message: 'Choose Good or Bad.' })
  rating: 'good' | 'bad';

  @Trim()
  @IsOptional()
  @MaxLength(MAX_RATING_COMMENT_CHARS, { message: `The comment must be at most ${MAX_RATING_COMMENT_CHARS} characters.` })
  @IsString({ message: 'Enter the comment as text.' })
  comment?: string;
}
