import { IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Checkbox, Trim } from '../../../common/form-transforms';
import { FIELD_NAME_PATTERN, FIELD_TYPES, FIELD_VISIBILITIES } from '../../../forms/field-values';

/** POST /scp/admin/forms and /scp/admin/forms/:id */
export class FormDto {
  @Trim()
  @IsString({ message: 'Name is required.' })
  @IsNotEmpty({ message: 'Name is required.' })
  @MaxLength(120, { message: 'Name must be at most 120 characters.' })
  name: string;

  @Trim()
  @IsString({ message: 'Instructions must be text.' })
  @MaxLength(4000, { message: 'Instructions must be at most 4,000 characters.' })
  instructions = '';
}

/** POST /scp/admin/forms/:formId/fields and /scp/admin/forms/:formId/fields/:id. Choices: one per line. */
export class FieldDto {
  @Trim()
  @IsString({ message: 'Label is required.' })
  @IsNotEmpty({ message: 'Label is required.' })
  @MaxLength(191, { message: 'Label must be at most 191 characters.' })
  label: string;

  @Trim()
  @IsString({ message: 'Machine name is required.' })
  @Matches(FIELD_NAME_PATTERN, { message: 'Machine name: 1 to 64 lowercase letters, digits and _ (for example “order_number”).' })
  name: string;

  @IsString({ message: 'Choose a field type from the list.' })
  @IsIn(FIELD_TYPES, { message: 'Choose a field type from the list.' })
  type: string;

  @IsString({ message: 'Choices must be text, one per line.' })
  @MaxLength(8000, { message: 'Choices must be at most 8,000 characters in all.' })
  choices = '';

  @IsString({ message: 'Choose who sees the field.' })
  @IsIn(FIELD_VISIBILITIES, { message: 'Choose who sees the field.' })
  visibility: string;

  @Checkbox()
  @IsBoolean()
  isRequired = false;

  @Checkbox()
  @IsBoolean()
  userEditable = false;

  @Checkbox()
  @IsBoolean()
  isActive = false;

  @Trim()
  @IsString({ message: 'Sort order must be a whole number from 0 to 9999.' })
  @Matches(/^\d{0,4}$/, { message: 'Sort order must be a whole number from 0 to 9999.' })
  sort = '';
}
