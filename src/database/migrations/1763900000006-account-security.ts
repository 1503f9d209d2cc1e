import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountSecurity1763900000006 implements MigrationInterface {
  name = 'AccountSecurity1763900000006';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
