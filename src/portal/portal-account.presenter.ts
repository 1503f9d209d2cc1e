import { Injectable } from '@nestjs/common';
import { FormChallengeVM } from '../abuse/public-form-guard.service';
import { FormErrors } from '../common/view-models';
import { AppConfig } from '../config/app-config';

const text = (body: unknown, key: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
};

/**
 * View-models of the account pages (views/portal/account/*). Passwords are never echoed back: a
 * refused form keeps only the email and name.
 */
@Injectable()
export class PortalAccountPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path: string): string {
    return `${this.config.basePath}${path}`;
  }

  login(body: unknown, errors: FormErrors, challenge: FormChallengeVM | null, signUpOpen: boolean) {
    return {
      title: 'Sign In', challenge, form: { values: { email: text(body, 'email') }, errors },
      signUpUrl: signUpOpen ? this.url('/account/register') : null, resetUrl: this.url('/account/password-reset'),
    };
  }

  register(body: unknown, errors: FormErrors, challenge: FormChallengeVM | null) {
    return { title: 'Create an Account', challenge, form: { values: { email: text(body, 'email'), name: text(body, 'name') }, errors } };
  }

  resetRequest(body: unknown, errors: FormErrors, challenge: FormChallengeVM | null) {
    return { title: 'Forgot Your Password?', challenge, form: { values: { email: text(body, 'email') }, errors } };
  }

  /** The form behind a reset or invitation link. */
  newPassword(purpose: 'reset' | 'invite', token: string, email: string, errors: FormErrors = {}) {
    const path = purpose === 'reset' ? '/account/password-reset' : '/account/invite';
    return {
      title: purpose === 'reset' ? 'Choose a New Password' : 'Accept Your Invitation',
      email, action: this.url(`${path}/${encodeURIComponent(token)}`), form: { values: {}, errors },
    };
  }

  verify(token: string, email: string) {
    return { title: 'Confirm Your Email Address', email, action: this.url(`/account/verify/${encodeURIComponent(token)}`) };
  }

  registered() {
    return { title: 'Check Your Email', loginUrl: this.url('/account/login') };
  }
}
