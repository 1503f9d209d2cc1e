import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { BootService } from '../boot/boot.service';
import { DemoDataService } from '../boot/demo-data.service';
import { FirstAdminService } from '../boot/first-admin.service';
import { AppConfig } from '../config/app-config';
import { MailFetchJob, summarize } from '../imap-fetch/mail-fetch.job';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               apply pending database migrations
  create-admin --username U --email E [--first-name F] [--last-name L] [--password P]
                                        create an administrator (a password is generated and printed when omitted)
  seed-demo                             add the demo people and ticket (password: DEMO_PASSWORD or generated)
  fetch-mail                            fetch every mailbox with fetching on once (exit code 1 if one failed)
`;

/** Small admin tasks over the same configuration and database as the server. Returns the exit code. */
export async function runCli(argv: string[], config: AppConfig, print: (line: string) => void = console.log, printError: (line: string) => void = console.error): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    print(USAGE);
    return command ? 0 : 2;
  }
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error', 'warn'] });
  try {
    await app.get(BootService).migrate();
    switch (command) {
      case 'migrate':
        print('Database is up to date.');
        return 0;
      case 'create-admin': {
        const { values } = parseArgs({ args: rest, options: {
          username: { type: 'string' }, email: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' }, password: { type: 'string' },
        } });
        if (!values.username || !values.email) {
          printError('create-admin needs --username and --email.\n\n' + USAGE);
          return 2;
        }
        if (values.password !== undefined && values.password.length < 10) {
          printError('--password must be at least 10 characters.');
          return 2;
        }
        const admin = await app.get(FirstAdminService).create({
          username: values.username, email: values.email, firstName: values['first-name'] ?? 'Help Desk', lastName: values['last-name'] ?? 'Administrator', password: values.password ?? null,
        });
        print(`Created administrator ${admin.username} (${admin.email}).`);
        if (admin.generatedPassword) print(`Password: ${admin.generatedPassword}  (shown only this once)`);
        return 0;
      }
      case 'seed-demo': {
        const result = await app.get(DemoDataService).seed();
        print(result.created.length ? `Added: ${result.created.join('; ')}.` : 'Demo data was already there.');
        print(`Agents john and jane log in at ${config.publicUrl}/scp with password: ${result.password}${result.generated ? '  (generated; set DEMO_PASSWORD to choose it)' : ''}`);
        return 0;
      }
      case 'fetch-mail': {
        const results = await app.get(MailFetchJob).runPass();
        if (results.length === 0) print('No email account has fetching on.');
        for (const r of results) (r.outcome === 'failed' ? printError : print)(`${r.address}: ${summarize(r)}`);
        return results.some((r) => r.outcome === 'failed') ? 1 : 0;
      }
      default:
        printError(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}
