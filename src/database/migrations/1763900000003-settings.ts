import { MigrationInterface, QueryRunner } from 'typeorm';

export class Settings1763900000003 implements MigrationInterface {
  name = 'Settings1763900000003';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
