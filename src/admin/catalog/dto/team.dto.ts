import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { StringList, Trim } from '../../../common/form-transforms';
import { TeamInput } from '../../../teams/teams.service';
import { optionalId } from '../catalog-forms';
import { ID_PATTERN, OPTIONAL_ID_PATTERN } from './fields';

/** POST /scp/admin/teams and /scp/admin/teams/:id: members are a checkbox list named memberIds. */
export class TeamDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(120, { message: 'The name is too long (at most 120 characters).' })
  name: string;

  @IsOptional()
  @IsString({ message: 'Choose the lead from the list.' })
  @Matches(OPTIONAL_ID_PATTERN, { message: 'Choose the lead from the list.' })
  leadId?: string;

  @StringList()
  @IsArray({ message: 'Choose members from the list of active agents.' })
  @ArrayMaxSize(1000, { message: 'A team can have at most 1,000 members.' })
  @IsString({ each: true, message: 'Choose members from the list of active agents.' })
  @Matches(ID_PATTERN, { each: true, message: 'Choose members from the list of active agents.' })
  memberIds: string[] = [];
}

export const toTeamInput = (dto: TeamDto): TeamInput => ({
  name: dto.name,
  leadId: optionalId(dto.leadId),
  memberIds: dto.memberIds.map(Number),
});
