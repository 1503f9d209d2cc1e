import { EntityManager, IsNull } from 'typeorm';
import { PasswordResetToken } from './password-reset-token.entity';

/**
 * Cancels the agent's unused password reset links (marks them used), in the caller's transaction:
 * after any new password, and when an admin locks or disables the agent. Returns how many.
 */
export async function cancelResetLinks(manager: EntityManager, staffId: number, now: Date): Promise<number> {
  const result = await manager.getRepository(PasswordResetToken).update({ staffId, usedAt: IsNull() }, { usedAt: now });
  return result.affected ?? 0;
}
