import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { resolveSessionSecret } from '../config/environment';
import { SettingsService } from '../settings/settings.service';
import { issueChallenge, verifyChallenge } from './challenge';
import { RateLimitService } from './rate-limit.service';
import { RateLimitedAction } from './rate-limits';
import { UsedChallenge } from './used-challenge.entity';

/** The honeypot's field name: a person never sees it (views/partials/portal/form-guard.hbs). */
export const HONEYPOT_FIELD = 'website';
export const HONEYPOT_MESSAGE = 'This form could not be sent. Please try again.';
export const CAPTCHA_MESSAGE = 'Answer the question to show you are a person.';

/** What a public form shows above its submit button (null when the CAPTCHA setting is off). */
export interface FormChallengeVM {
  question: string;
  token: string;
}

/**
 * The checks every public portal form passes before its own rules: the honeypot, the per-address and
 * per-email rate limit of its action, and (when the setting is on) a single-use signed question.
 */
@Injectable()
export class PublicFormGuard {
  private readonly secret: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly limits: RateLimitService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    // A key of its own, derived from the session secret, so a challenge token can never pass for anything else.
    this.secret = createHmac('sha256', resolveSessionSecret(config)).update('portal-form-challenge').digest('base64url');
  }

  /** A fresh question for a form, or null when the setting is off. */
  async challenge(): Promise<FormChallengeVM | null> {
    const { portalCaptcha } = await this.settings.get();
    return portalCaptcha ? issueChallenge(this.secret, this.clock.now()) : null;
  }

  /**
   * Throws `validation_failed` (the honeypot was filled, or the question was not answered right) or
   * `rate_limited` (429). The attempt counts against the limits whatever the outcome, so guessing
   * numbers or addresses runs into them.
   */
  async check(action: RateLimitedAction, body: unknown, who: { ip: string | undefined; email?: unknown }): Promise<void> {
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const trap = fields[HONEYPOT_FIELD];
    if (trap !== undefined && trap !== '') throw new DomainError('validation_failed', HONEYPOT_MESSAGE, { [HONEYPOT_FIELD]: HONEYPOT_MESSAGE });
    const email = typeof who.email === 'string' && who.email.length <= 191 ? who.email : undefined;
    await this.limits.take(action, { ip: who.ip ?? 'unknown', email });
    const { portalCaptcha } = await this.settings.get();
    if (portalCaptcha && !(await this.useChallenge(fields.captchaToken, fields.captcha))) {
      throw new DomainError('validation_failed', CAPTCHA_MESSAGE, { captcha: CAPTCHA_MESSAGE });
    }
  }

  /** True when the answer is right and the token unused; marks it used (the primary key decides races). */
  private async useChallenge(token: unknown, answer: unknown): Promise<boolean> {
    const now = this.clock.now();
    const valid = verifyChallenge(this.secret, token, answer, now);
    if (!valid) return false;
    const repo = this.db.getRepository(UsedChallenge);
    await repo.delete({ expiresAt: LessThan(now) });
    try {
      await repo.insert({ nonce: valid.nonce, expiresAt: valid.expiresAt });
      return true;
    } catch {
      return false;
    }
  }
}
