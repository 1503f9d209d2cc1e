import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, In } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppModule } from '../../src/app.module';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { BootService } from '../../src/boot/boot.service';
import { DemoDataService } from '../../src/boot/demo-data.service';
import { loadConfig } from '../../src/config/app-config';
import { Department } from '../../src/departments/department.entity';
import { Staff } from '../../src/staff/staff.entity';
import { TeamMember } from '../../src/teams/team-member.entity';
import { Team } from '../../src/teams/team.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

/**
 * What a first start does (README "First start"): migrate, create the first administrator from the
 * ADMIN_* settings or with a generated password shown once, and print where to go. Each case boots the
 * real AppModule on a fresh database WITHOUT calling BootService.start() for it (createTestApp would
 * create the admin itself), so the test sees exactly what the server's first start sees.
 */
describe(`first start and demo data (${testDbKind})`, () => {
  const open: INestApplicationContext[] = [];

  /** The whole app (no HTTP listener) over `url`, as main.ts and the CLI build it. */
  async function boot(url: string, env: Record<string, string> = {}): Promise<INestApplicationContext> {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: url, SESSION_SECRET: 'x'.repeat(40), ...env });
    const ctx = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
    open.push(ctx);
    return ctx;
  }

  async function shutdown(ctx: INestApplicationContext): Promise<void> {
    open.splice(open.indexOf(ctx), 1);
    await ctx.close();
  }

  const db = (ctx: INestApplicationContext) => ctx.get<DataSource>(getDataSourceToken());
  const login = (ctx: INestApplicationContext, who: string, password: string) => ctx.get(StaffAuthService).authenticate(who, password, '127.0.0.1');

  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });

  it('create the first admin from ADMIN_* settings, who can log in; a second start creates nobody', async () => {
    const url = await freshDatabaseUrl();
    const env = { ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'Admin@Example.com', ADMIN_PASSWORD: 'admin-pass-123' };
    const first = await boot(url, env);
    const created = await first.get(BootService).start();
    expect(created).toEqual({ username: 'admin', email: 'admin@example.com', generatedPassword: null });

    const staff = await db(first).getRepository(Staff).find({ relations: { role: true } });
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatchObject({ username: 'admin', email: 'admin@example.com', isAdmin: true, isActive: true, firstName: 'Help Desk', lastName: 'Administrator' });
    expect(staff[0].role.name).toBe('All Access');
    const hash = await db(first).getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id: staff[0].id }).getOneOrFail();
    expect(hash.passwordHash).toMatch(/^\$argon2id\$/);
    expect(hash.passwordHash).not.toContain('admin-pass-123');

    const ok = await login(first, 'admin', 'admin-pass-123');
    expect(ok).toEqual({ ok: true, agent: { id: staff[0].id, name: 'Help Desk Administrator', isAdmin: true } });
    expect(await login(first, 'admin@example.com', 'admin-pass-123')).toMatchObject({ ok: true });
    expect(await login(first, 'admin', 'wrong-password-1')).toEqual({ ok: false });

    // The banner names both areas and never prints a password that was configured, not generated.
    const banner = first.get(BootService).banner(created);
    expect(banner).toContain('http://localhost:3000/');
    expect(banner).toContain('http://localhost:3000/scp');
    expect(banner).toContain('admin (admin@example.com)');
    expect(banner).not.toContain('admin-pass-123');
    expect(banner).not.toMatch(/Password:/);
    await shutdown(first);

    // A restart on the same database: nothing new, even with different ADMIN_* settings.
    const second = await boot(url, { ADMIN_USERNAME: 'other', ADMIN_EMAIL: 'other@example.com', ADMIN_PASSWORD: 'other-pass-123' });
    expect(await second.get(BootService).start()).toBeNull();
    expect(await db(second).getRepository(Staff).count()).toBe(1);
    expect(await login(second, 'other', 'other-pass-123')).toEqual({ ok: false });
    expect(await login(second, 'admin', 'admin-pass-123')).toMatchObject({ ok: true });
    const quiet = second.get(BootService).banner(null);
    expect(quiet).toContain('http://localhost:3000/scp');
    expect(quiet).not.toMatch(/First administrator|Password:/);
  });

  it('generate a password when ADMIN_PASSWORD is unset, return it once and print it in the banner once', async () => {
    const url = await freshDatabaseUrl();
    const first = await boot(url, { ADMIN_EMAIL: 'root@example.com', BASE_PATH: '/osTicket', PORT: '8080' });
    const created = await first.get(BootService).start();
    expect(created).toMatchObject({ username: 'admin', email: 'root@example.com' });
    const password = created!.generatedPassword!;
    expect(typeof password).toBe('string');
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await login(first, 'admin', password)).toMatchObject({ ok: true, agent: { isAdmin: true } });

    const banner = first.get(BootService).banner(created);
    expect(banner).toContain('http://localhost:8080/osTicket/');
    expect(banner).toContain('http://localhost:8080/osTicket/scp');
    expect(banner).toContain(`Password:             ${password}`);
    expect(banner.split(password)).toHaveLength(2); // exactly once
    await shutdown(first);

    const second = await boot(url, { ADMIN_EMAIL: 'root@example.com', BASE_PATH: '/osTicket', PORT: '8080' });
    const again = await second.get(BootService).start();
    expect(again).toBeNull();
    expect(await db(second).getRepository(Staff).count()).toBe(1);
    const banner2 = second.get(BootService).banner(again);
    expect(banner2).toContain('http://localhost:8080/osTicket/scp');
    expect(banner2).not.toContain(password);
    expect(banner2).not.toMatch(/Password:/);
    // The generated password still works after the restart: it was stored, not regenerated.
    expect(await login(second, 'admin', password)).toMatchObject({ ok: true });
  });

  it('use PUBLIC_URL in the banner when it is set', async () => {
    const ctx = await boot(await freshDatabaseUrl(), { ADMIN_PASSWORD: 'admin-pass-123', PUBLIC_URL: 'https://help.example.com/support/' });
    const banner = ctx.get(BootService).banner(await ctx.get(BootService).start());
    expect(banner).toContain('https://help.example.com/support/');
    expect(banner).toContain('https://help.example.com/support/scp');
    expect(banner).not.toContain('//scp');
  });

  it('seed the demo people and ticket once, however often it runs', async () => {
    const ctx = await boot(await freshDatabaseUrl(), { ADMIN_PASSWORD: 'admin-pass-123', DEMO_PASSWORD: 'demo-pass-123' });
    await ctx.get(BootService).start();
    const demo = ctx.get(DemoDataService);

    const first = await demo.seed();
    expect(first.password).toBe('demo-pass-123');
    expect(first.generated).toBe(false);
    expect(first.created).toEqual(['agent john', 'agent jane', expect.stringMatching(/^end user karen@example\.com with ticket #\d{6,}$/)]);

    const second = await demo.seed();
    expect(second).toEqual({ password: 'demo-pass-123', generated: false, created: [] });

    const ds = db(ctx);
    const agents = await ds.getRepository(Staff).find({ where: { username: In(['john', 'jane']) }, relations: { department: true }, order: { username: 'ASC' } });
    expect(agents.map((a) => [a.username, a.name, a.department.name, a.isAdmin])).toEqual([
      ['jane', 'Jane Roe', 'System Administrators', false],
      ['john', 'John Doe', 'Support', false],
    ]);
    expect(await ds.getRepository(Staff).count()).toBe(3); // admin + john + jane
    expect(await ds.getRepository(User).countBy({ email: 'karen@example.com' })).toBe(1);
    expect(await ds.getRepository(User).count()).toBe(1);
    expect(await ds.getRepository(Department).countBy({ name: 'System Administrators' })).toBe(1);
    const team = await ds.getRepository(Team).findOneByOrFail({ name: 'System Administrators' });
    expect(await ds.getRepository(Team).countBy({ name: 'System Administrators' })).toBe(1);
    const jane = agents[0];
    expect(await ds.getRepository(TeamMember).findBy({ staffId: jane.id })).toEqual([expect.objectContaining({ staffId: jane.id, teamId: team.id })]);
    const tickets = await ds.getRepository(Ticket).find({ relations: { user: true, helpTopic: true } });
    expect(tickets.map((t) => [t.subject, t.user.email, t.helpTopic?.fullName, t.state])).toEqual([
      ['Mobile banking is down', 'karen@example.com', 'Report a Problem', 'open'],
    ]);

    for (const who of ['john', 'jane', 'john@example.com']) expect(await login(ctx, who, 'demo-pass-123')).toMatchObject({ ok: true });
  });

  it('generate the demo password when DEMO_PASSWORD is unset, and it works', async () => {
    const ctx = await boot(await freshDatabaseUrl(), { ADMIN_PASSWORD: 'admin-pass-123' });
    await ctx.get(BootService).start();
    const result = await ctx.get(DemoDataService).seed();
    expect(result.generated).toBe(true);
    expect(result.password.length).toBeGreaterThanOrEqual(12);
    expect(await login(ctx, 'jane', result.password)).toMatchObject({ ok: true, agent: { name: 'Jane Roe' } });
    // A second run generates another password but changes nobody's.
    const again = await ctx.get(DemoDataService).seed();
    expect(again.created).toEqual([]);
    expect(await login(ctx, 'jane', result.password)).toMatchObject({ ok: true });
  });
});
