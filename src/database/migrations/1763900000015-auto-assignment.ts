import { MigrationInterface, QueryRunner } from 'typeorm';

export class AutoAssignment1763900000015 implements MigrationInterface {
  name = 'AutoAssignment1763900000015';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
