import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Checkbox, Trim } from '../../../common/form-transforms';
import { DepartmentInput } from '../../../departments/departments.service';
import { optionalId } from '../catalog-forms';
import { OPTIONAL_ID_PATTERN } from './fields';

/** POST /scp/admin/departments and /scp/admin/departments/:id */
export class DepartmentDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(120, { message: 'The name is too long (at most 120 characters).' })
  name: string;

  @IsOptional()
  @IsString({ message: 'Choose a parent department from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose a parent department from the list.' })
  parentId?: string;

  @IsOptional()
  @IsString({ message: 'Choose an active agent as the manager.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose an active agent as the manager.' })
  managerId?: string;

  @IsOptional()
  @IsString({ message: 'Choose an SLA plan from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose an SLA plan from the list.' })
  slaPlanId?: string;

  @Trim()
  @IsOptional()
  @ValidateIf((dto: DepartmentDto) => dto.email !== '')
  @IsString({ message: 'Enter an email address, or leave it empty.' })
  @MaxLength(191, { message: 'The email address is too long (at most 191 characters).' })
  @IsEmail({}, { message: 'Enter a valid email address (like support@example.com), or leave it empty.' })
  email?: string;

  @Checkbox()
  @IsBoolean()
  isPublic = false;
}

export const toDepartmentInput = (dto: DepartmentDto): DepartmentInput => ({
  name: dto.name,
  parentId: optionalId(dto.parentId),
  managerId: optionalId(dto.managerId),
  slaPlanId: optionalId(dto.slaPlanId),
  email: dto.email || null,
  isPublic: dto.isPublic,
});
