import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { generatePassword } from '../common/password';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Role } from '../staff/role.entity';
import { Staff } from '../staff/staff.entity';
import { StaffService } from '../staff/staff.service';
import { Team } from '../teams/team.entity';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { Ticket } from '../tickets/ticket.entity';

export interface DemoResult {
  password: string;
  generated: boolean;
  created: string[];
}

/**
 * The walkthrough's people (DOMAIN.md): end user Karen, agent John in Support, agent Jane in System
 * Administrators (department and team), and Karen's ticket "Mobile banking is down". Safe to run twice.
 */
@Injectable()
export class DemoDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
    private readonly intake: TicketIntakeService,
    private readonly config: AppConfig,
  ) {}

  async seed(): Promise<DemoResult> {
    const password = this.config.demoPassword ?? generatePassword();
    const created: string[] = [];
    const departments = this.db.getRepository(Department);
    const teams = this.db.getRepository(Team);
    const role = await this.db.getRepository(Role).findOneByOrFail({ name: 'Expanded Access' });
    const support = await departments.findOneByOrFail({ name: 'Support' });
    const sysadmins = (await departments.findOneBy({ name: 'System Administrators' }))
      ?? (await departments.save(departments.create({ name: 'System Administrators', isPublic: false, isActive: true, slaPlanId: null })));
    const sysadminTeam = (await teams.findOneBy({ name: 'System Administrators' }))
      ?? (await teams.save(teams.create({ name: 'System Administrators', leadId: null, isActive: true })));

    const agents = [
      { username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', departmentId: support.id },
      { username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Roe', departmentId: sysadmins.id },
    ];
    for (const agent of agents) {
      if (await this.db.getRepository(Staff).findOneBy({ username: agent.username })) continue;
      await this.staff.create({ ...agent, password, roleId: role.id });
      created.push(`agent ${agent.username}`);
    }
    const jane = await this.db.getRepository(Staff).findOneByOrFail({ username: 'jane' });
    await this.staff.addToTeam(jane.id, sysadminTeam.id);

    const hasTicket = await this.db.getRepository(Ticket).exists({ where: { subject: 'Mobile banking is down', user: { email: 'karen@example.com' } } });
    if (!hasTicket) {
      const topic = await this.db.getRepository(HelpTopic).findOneByOrFail({ fullName: 'Report a Problem' });
      const ticket = await this.intake.open({
        email: 'karen@example.com', name: 'Karen', phone: null, topicId: topic.id, subject: 'Mobile banking is down', source: 'web', uploads: [],
        message: 'The mobile banking app shows "Service unavailable" since this morning. I cannot log in or see my accounts.',
      });
      created.push(`end user karen@example.com with ticket #${ticket.number}`);
    }
    return { password, generated: !this.config.demoPassword, created };
  }
}
