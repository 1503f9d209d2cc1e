import { Injectable } from '@nestjs/common';
import { FormErrors, FormState } from '../common/view-models';
import { AppConfig } from '../config/app-config';

export const SCP_LAYOUT = 'layouts/scp';
/** The one answer to a reset request, whether or not an account matched (no enumeration). */
export const RESET_SENT_NOTICE = 'If an account matches, we have sent a link to reset its password.';
export const RESET_GONE_MESSAGE = 'This link has expired or was already used.';
export const MUST_CHANGE_NOTICE = 'An administrator asked you to choose a new password before you continue.';
export const POLICY_HINT = 'At least 10 characters. Avoid your username, your email address and common passwords.';

/** views/scp/profile/password.hbs: POST with currentPassword, password, confirm (never echoed back). */
export interface PasswordChangeVM {
  title: string;
  layout: string;
  notice: string | null;
  policyHint: string;
  form: FormState<Record<string, never>>;
}

/** views/scp/password-reset/request.hbs: POST {{url "/scp/password-reset"}} with login. */
export interface ResetRequestVM {
  title: string;
  layout: string;
  form: FormState<{ login: string }>;
}

/** views/scp/password-reset/new-password.hbs: POST `action` with password, confirm. */
export interface ResetPasswordVM {
  title: string;
  layout: string;
  action: string;
  username: string;
  policyHint: string;
  form: FormState<Record<string, never>>;
}

/** views/scp/password-reset/expired.hbs */
export interface ResetGoneVM {
  title: string;
  layout: string;
  message: string;
}

/** View-models of the password pages; urls carry the base path. */
@Injectable()
export class AccountSecurityPresenter {
  private readonly base: string;

  constructor(config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  url(path: string): string {
    return this.base + path;
  }

  passwordChange(mustChange: boolean, errors: FormErrors = {}): PasswordChangeVM {
    return {
      title: 'Change your password', layout: SCP_LAYOUT, notice: mustChange ? MUST_CHANGE_NOTICE : null, policyHint: POLICY_HINT,
      form: { values: {}, errors },
    };
  }

  resetRequest(body: unknown = {}, errors: FormErrors = {}): ResetRequestVM {
    const login = (body as { login?: unknown } | null)?.login;
    return { title: 'Reset your password', layout: SCP_LAYOUT, form: { values: { login: typeof login === 'string' ? login.slice(0, 191) : '' }, errors } };
  }

  resetPassword(token: string, username: string, errors: FormErrors = {}): ResetPasswordVM {
    return {
      title: 'Choose a new password', layout: SCP_LAYOUT, action: this.url(`/scp/password-reset/${encodeURIComponent(token)}`), username,
      policyHint: POLICY_HINT, form: { values: {}, errors },
    };
  }

  resetGone(): ResetGoneVM {
    return { title: 'Link no longer valid', layout: SCP_LAYOUT, message: RESET_GONE_MESSAGE };
  }
}
