import { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaTracking1763900000012 implements MigrationInterface {
  name = 'SlaTracking1763900000012';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
