import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, Repository } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { LoginThrottleService, ThrottleKeys } from '../auth/login-throttle.service';
import { Clock } from '../common/clock';
import { generateRecoveryCode, hashRecoveryCode, matchTotpStep, normalizeRecoveryCode, normalizeTotpCode, RECOVERY_CODE_COUNT } from './one-time-codes';
import { SecretCipher } from './secret-cipher';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffTwoFactor } from './staff-two-factor.entity';

/** An agent's two-factor row with its secret decrypted; only for rows that decrypt. */
export interface Enrolment {
  row: StaffTwoFactor;
  secret: Buffer;
}

/**
 * The checks every two-factor form shares: reading the secret, accepting a code once (replay
 * protection), spending a recovery code once, and counting wrong codes in the login throttle.
 */
@Injectable()
export class TwoFactorVerifier {
  private readonly logger = new Logger('TwoFactor');

  constructor(
    @InjectRepository(StaffTwoFactor) private readonly rows: Repository<StaffTwoFactor>,
    @InjectRepository(StaffRecoveryCode) private readonly recoveryCodes: Repository<StaffRecoveryCode>,
    private readonly cipher: SecretCipher,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The agent's row and secret. CASE: a secret that no longer decrypts (SESSION_SECRET rotated, row
   * altered) counts as not enrolled: logged once per read, and the agent sets two-factor login up again.
   */
  async load(staffId: number): Promise<Enrolment | null> {
    const row = await this.rows.findOneBy({ staffId });
    if (!row) return null;
    const secret = this.cipher.decrypt(row.secretEncrypted, staffId);
    if (!secret) {
      this.logger.warn(`the two-factor secret of agent ${staffId} does not decrypt (was SESSION_SECRET changed?); treated as not enrolled`);
      return null;
    }
    return { row, secret };
  }

  /** The agent's row and secret when two-factor login is on (confirmed and readable). */
  async loadEnabled(staffId: number): Promise<Enrolment | null> {
    const enrolment = await this.load(staffId);
    return enrolment?.row.enabledAt ? enrolment : null;
  }

  encrypt(secret: Uint8Array, staffId: number): string {
    return this.cipher.encrypt(secret, staffId);
  }

  /**
   * Accepts a current code once: the code must match a step within ±1 of now and come after the last
   * step used. The step is claimed with a conditional UPDATE, so two requests racing with one code
   * cannot both pass.
   */
  async acceptCode(enrolment: Enrolment, input: unknown, manager: EntityManager = this.rows.manager): Promise<boolean> {
    const code = normalizeTotpCode(input);
    const step = code ? matchTotpStep(enrolment.secret, code, this.clock.now()) : null;
    if (step === null) return false;
    const staffId = enrolment.row.staffId;
    const claimed = await manager.getRepository(StaffTwoFactor).update(
      enrolment.row.lastUsedStep === null ? { staffId, lastUsedStep: IsNull() } : { staffId, lastUsedStep: LessThan(step) },
      { lastUsedStep: step },
    );
    if (claimed.affected !== 1) return false;
    enrolment.row.lastUsedStep = step;
    return true;
  }

  /** Spends a recovery code: marks it used if it is the agent's and unused. Returns whether it was. */
  async spendRecoveryCode(staffId: number, input: unknown, manager: EntityManager = this.recoveryCodes.manager): Promise<boolean> {
    const code = normalizeRecoveryCode(input);
    if (!code) return false;
    const result = await manager.getRepository(StaffRecoveryCode).update(
      { staffId, codeHash: hashRecoveryCode(code), usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return result.affected === 1;
  }

  /** Replaces the agent's recovery codes with new ones; returns them in plain, to be shown once. */
  async replaceRecoveryCodes(staffId: number, manager: EntityManager): Promise<string[]> {
    const repo = manager.getRepository(StaffRecoveryCode);
    await repo.delete({ staffId });
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) codes.add(generateRecoveryCode());
    await repo.insert([...codes].map((code) => ({ staffId, codeHash: hashRecoveryCode(normalizeRecoveryCode(code)!), usedAt: null })));
    return [...codes];
  }

  unusedRecoveryCodes(staffId: number): Promise<number> {
    return this.recoveryCodes.countBy({ staffId, usedAt: IsNull() });
  }

  isLocked(staffId: number, ip: string): Promise<boolean> {
    return this.throttle.isLocked(throttleKeys(staffId, ip));
  }

  /** Counts a wrong code (or password) as a failed login for the agent and the address; audits any lock it causes. */
  async recordFailure(actor: AuditActor): Promise<void> {
    const locks = await this.throttle.recordFailure(throttleKeys(actor.id!, actor.ip ?? 'unknown'));
    if (locks.account) await this.audit.record(actor, { action: 'auth.locked_out', after: { locked: 'account', minutes: locks.minutes } });
    if (locks.ip) await this.audit.record(actor, { action: 'auth.locked_out', after: { locked: 'address', minutes: locks.minutes } });
  }

  async recordSuccess(staffId: number, ip: string): Promise<void> {
    await this.throttle.recordSuccess(throttleKeys(staffId, ip));
  }
}

/**
 * Wrong codes count per agent under a key of their own (a typed login always starts "account:"), so a
 * right password, which clears the typed login's count, does not reset the count of wrong codes; per
 * address they share the password form's key.
 */
export function throttleKeys(staffId: number, ip: string): ThrottleKeys {
  return { account: `two-factor:${staffId}`, ip: LoginThrottleService.keys('', ip).ip };
}
