import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { StringList, Trim } from '../../common/form-transforms';
import { ID_PATTERN } from './fields';

/** The most tickets one bulk action may touch: each runs in its own transaction, so a page's worth. */
export const BULK_MAX = 100;
export const BULK_ACTIONS = ['assign', 'team', 'transfer', 'status', 'priority'] as const;

/** POST /scp/bulk: the ticked tickets, the action (the button pressed) and its target. */
export class BulkActionDto {
  @StringList()
  @ArrayMaxSize(BULK_MAX, { message: `Select at most ${BULK_MAX} tickets at a time.` })
  @Matches(ID_PATTERN, { each: true, message: 'Select tickets from the list.' })
  ids: string[] = [];

  @IsString({ message: 'Choose an action.' })
  @IsIn(BULK_ACTIONS, { message: 'Choose an action.' })
  action: string;

  @Trim() @IsOptional() @IsString() @Matches(/^(\d{1,10})?$/, { message: 'Choose an agent from the list.' }) staffId?: string;
  @Trim() @IsOptional() @IsString() @Matches(/^(\d{1,10})?$/, { message: 'Choose a team from the list.' }) teamId?: string;
  @Trim() @IsOptional() @IsString() @Matches(/^(\d{1,10})?$/, { message: 'Choose a department from the list.' }) departmentId?: string;
  @Trim() @IsOptional() @IsString() @Matches(/^(\d{1,10})?$/, { message: 'Choose a status from the list.' }) statusId?: string;
  @Trim() @IsOptional() @IsString() @Matches(/^(\d{1,10})?$/, { message: 'Choose a priority from the list.' }) priorityId?: string;

  @IsOptional() @IsString() returnTo?: string;
}
