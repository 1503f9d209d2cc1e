import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeFilters1763900000014 implements MigrationInterface {
  name = 'IntakeFilters1763900000014';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
