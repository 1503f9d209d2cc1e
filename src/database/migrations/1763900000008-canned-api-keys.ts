import { MigrationInterface, QueryRunner } from 'typeorm';

export class CannedApiKeys1763900000008 implements MigrationInterface {
  name = 'CannedApiKeys1763900000008';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
