import { ArrayMaxSize, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, StringList, Trim } from '../../common/form-transforms';
import { MAX_BODY_CHARS } from '../../database/columns';
import { MAX_KB_TITLE_CHARS } from '../kb.entities';

const ID = /^[1-9]\d{0,9}$/;

/** /scp/kb category form. */
export class KbCategoryDto {
  @Trim()
  @MaxLength(128, { message: 'Name must be at most 128 characters.' })
  @IsNotEmpty({ message: 'Name is required.' })
  @IsString({ message: 'Name is required.' })
  name: string;

  @Trim()
  @IsOptional()
  @MaxLength(1000, { message: 'Description must be at most 1,000 characters.' })
  @IsString({ message: 'Enter a description as text.' })
  description?: string;

  @Checkbox()
  @IsBoolean()
  isPublic = false;

  @Trim()
  @Matches(/^-?\d{1,6}$/, { message: 'Enter the sort order as a whole number (lower comes first).' })
  @IsString({ message: 'Enter the sort order as a whole number (lower comes first).' })
  sortOrder: string;
}

/** /scp/kb article form (multipart: the files arrive as req.uploads). */
export class KbArticleDto {
  @Trim()
  @Matches(ID, { message: 'Choose a category from the list.' })
  @IsString({ message: 'Choose a category from the list.' })
  categoryId: string;

  @Trim()
  @MaxLength(MAX_KB_TITLE_CHARS, { message: `Title must be at most ${MAX_KB_TITLE_CHARS} characters.` })
  @IsNotEmpty({ message: 'Title is required.' })
  @IsString({ message: 'Title is required.' })
  title: string;

  @Trim()
  @MaxLength(MAX_BODY_CHARS, { message: `The article must be at most ${MAX_BODY_CHARS} characters.` })
  @IsNotEmpty({ message: 'The article text is required.' })
  @IsString({ message: 'The article text is required.' })
  body: string;

  @Checkbox()
  @IsBoolean()
  isPublished = false;

  @StringList()
  @ArrayMaxSize(50, { message: 'Choose at most 50 help topics.' })
  @Matches(ID, { each: true, message: 'Choose help topics from the list.' })
  topicIds: string[] = [];
}
