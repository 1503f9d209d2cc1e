import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { StringList, Trim } from '../../../common/form-transforms';
import { Permission, PERMISSIONS } from '../../../staff/permissions';
import { MAX_ROLE_NAME } from '../../../staff/roles.service';

/** POST /scp/admin/roles[/:id]: a name and the ticked permissions (repeated `permissions` fields). */
export class RoleFormDto {
  @Trim()
  @MinLength(1, { message: 'Enter a name for the role.' })
  @MaxLength(MAX_ROLE_NAME, { message: `Use at most ${MAX_ROLE_NAME} characters.` })
  @IsString({ message: 'Enter a name for the role.' })
  name: string;

  @StringList()
  @IsIn(PERMISSIONS, { each: true, message: 'Choose permissions from the list.' })
  permissions: Permission[] = [];
}
