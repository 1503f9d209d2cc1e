import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '../migration-kit';

/** The nonces of answered form questions (the portal's CAPTCHA), so each question works once. */
export class UsedChallenges1763900000131 implements MigrationInterface {
  name = 'UsedChallenges1763900000131';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'used_challenges', [{ ...col.varchar('nonce', 32), isPrimary: true }, col.datetime('expires_at')], {
      indices: [index('used_challenges_expires_idx', ['expires_at'])],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('used_challenges', true);
  }
}
