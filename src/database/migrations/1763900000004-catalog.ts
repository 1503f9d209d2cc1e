import { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1763900000004 implements MigrationInterface {
  name = 'Catalog1763900000004';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
