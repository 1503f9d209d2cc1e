import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/form-transforms';
import { ORGANIZATION_SHARING, OrganizationSharing } from '../../organizations/organization.entity';
import { OrganizationInput } from '../../organizations/organizations.service';

/** POST /scp/organizations and /scp/organizations/:id. Domains are checked by the service (organization-domains.ts). */
export class OrganizationDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(128, { message: 'The name is too long (at most 128 characters).' })
  name: string;

  @IsOptional()
  @IsString({ message: 'List the email domains, separated by commas.' })
  @MaxLength(2000, { message: 'The domains are too long together (at most 1000 characters).' })
  domains?: string;

  @IsString({ message: 'Choose who sees the organization\'s tickets.' })
  @IsIn(ORGANIZATION_SHARING, { message: 'Choose who sees the organization\'s tickets.' })
  sharing: OrganizationSharing;

  @IsOptional()
  @IsString({ message: 'Notes must be text.' })
  @MaxLength(5000, { message: 'The notes are too long (at most 5,000 characters).' })
  notes?: string;
}

export const toOrganizationInput = (dto: OrganizationDto): OrganizationInput => ({
  name: dto.name, domains: dto.domains ?? '', sharing: dto.sharing, notes: dto.notes ?? '',
});

/** POST /scp/organizations/:id/members: an existing user's email. */
export class MemberDto {
  @Trim()
  @IsString({ message: 'Enter the email address of an existing user.' })
  @IsNotEmpty({ message: 'Enter the email address of an existing user.' })
  @MaxLength(191, { message: 'The email address is too long.' })
  email: string;
}
