import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PortalAccess } from '../common/request-context';
import { TicketCollaborator } from '../filters/filters.entities';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { portalCanSeeTicket } from './ticket-access';

/**
 * Loads the facts `portalCanSeeTicket` needs (collaborator? organization sharing?) with two indexed
 * lookups, and applies the rule: every portal path (page, reply, close, download) asks here.
 */
@Injectable()
export class PortalTicketAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async canSee(access: PortalAccess | undefined, ticket: { id: number; userId: number }): Promise<boolean> {
    if (!access) return false;
    if (portalCanSeeTicket(access, ticket)) return true;
    const isCollaborator = await this.db.getRepository(TicketCollaborator).existsBy({ ticketId: ticket.id, userId: access.userId });
    const sharedByOrganization = access.account ? await this.sharesWith(access.userId, ticket.userId) : false;
    return portalCanSeeTicket(access, { ...ticket, isCollaborator, sharedByOrganization });
  }

  /** The organization whose tickets this user may see (theirs, when it shares 'all'), or null. */
  async sharingOrganizationOf(userId: number): Promise<number | null> {
    const user = await this.db.getRepository(User).findOneBy({ id: userId });
    if (!user?.organizationId) return null;
    const org = await this.db.getRepository(Organization).findOneBy({ id: user.organizationId });
    return org?.sharing === 'all' ? org.id : null;
  }

  private async sharesWith(viewerId: number, ownerId: number): Promise<boolean> {
    const orgId = await this.sharingOrganizationOf(viewerId);
    if (orgId === null) return false;
    return this.db.getRepository(User).existsBy({ id: ownerId, organizationId: orgId });
  }
}
