import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BanListService } from '../abuse/ban-list.service';
import { AppConfig } from '../config/app-config';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { Ticket } from '../tickets/ticket.entity';
import { UsersService } from '../users/users.service';
import { AccessLinksService } from './access-links.service';

/** How many of a person's newest tickets one "email me a link" mail covers. */
const MAX_LINKS = 10;

/** "Email me a link" from the status page: one mail with an access link per recent ticket of that address. */
@Injectable()
export class AccessLinkMailer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: AccessLinksService,
    private readonly users: UsersService,
    private readonly mail: MailOutboxService,
    private readonly bans: BanListService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Mails links to the newest tickets the address opened; nothing for an unknown, banned or ticketless
   * address. Returns nothing either way: the page gives everyone the same answer.
   */
  async mailLinks(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || (await this.bans.isBanned(user.email))) return;
    const tickets = await this.db.getRepository(Ticket).find({
      where: { userId: user.id, state: In(['open', 'closed']) }, order: { id: 'DESC' }, take: MAX_LINKS,
    });
    if (tickets.length === 0) return;
    await this.db.transaction(async (manager) => {
      const lines: string[] = [];
      for (const ticket of tickets) {
        const token = await this.links.issue(manager, ticket.id, user.id);
        lines.push(`#${ticket.number} ${ticket.subject}`, `${this.config.publicUrl}/tickets/access/${token}`, '');
      }
      await this.mail.enqueue(manager, {
        to: user.email,
        subject: `Links to your tickets at ${this.config.helpdeskName}`,
        text: [`Hello ${user.name},`, '', 'Here are links to your tickets. Each opens its ticket in your browser for 30 days:', '', ...lines,
          'If you did not ask for this, you can ignore this message.', '', '-- ', this.config.helpdeskName, ''].join('\n'),
        headers: { 'Auto-Submitted': 'auto-generated' },
        sensitive: true,
      });
    });
    this.mail.kick();
  }
}
