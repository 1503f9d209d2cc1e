import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobLeases1763900000013 implements MigrationInterface {
  name = 'JobLeases1763900000013';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
