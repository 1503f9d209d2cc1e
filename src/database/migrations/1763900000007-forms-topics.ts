import { MigrationInterface, QueryRunner } from 'typeorm';

export class FormsTopics1763900000007 implements MigrationInterface {
  name = 'FormsTopics1763900000007';

  async up(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }

  async down(_qr: QueryRunner): Promise<void> {
    // filled in by the change that adds these tables
  }
}
