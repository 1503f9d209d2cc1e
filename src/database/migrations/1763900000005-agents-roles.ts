import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentsRoles1763900000005 implements MigrationInterface {
  name = 'AgentsRoles1763900000005';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
