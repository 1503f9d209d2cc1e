import { Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { FormErrors } from '../common/view-models';
import { AppConfig } from '../config/app-config';
import { groupedSecret, otpauthUri, RECOVERY_CODE_COUNT } from './one-time-codes';
import { TwoFactorStatus } from './two-factor.service';
import { RecoveryCodesVM, TwoFactorLoginVM, TwoFactorPageVM } from './two-factor.view-models';

export const SCP_LAYOUT = 'layouts/scp';

/** The one message for every refused second step: it never says whether the code, the lock or the account was at fault. */
export const SECOND_STEP_NOTICE = 'That code did not work, or the account is locked. Try the current code again, or log in again.';

type FormName = keyof TwoFactorPageVM['forms'];

/** What a re-rendered two-factor page keeps from a failed submission (never the password). */
export interface TwoFactorPageState {
  form: FormName;
  values: Record<string, unknown>;
  errors: FormErrors;
}

/** View-models of the two-factor pages. The QR code is an SVG in a data: URI (the CSP allows data: images). */
@Injectable()
export class TwoFactorPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path: string): string {
    return `${this.config.basePath.replace(/\/+$/, '')}${path}`;
  }

  pageUrl(): string {
    return this.url('/scp/profile/two-factor');
  }

  async page(status: TwoFactorStatus, state?: TwoFactorPageState): Promise<TwoFactorPageVM & { layout: string }> {
    const forms: TwoFactorPageVM['forms'] = {
      confirm: { values: { code: '' }, errors: {} },
      regenerate: { values: { code: '' }, errors: {} },
      disable: { values: { code: '', recoveryCode: '' }, errors: {} },
    };
    if (state) {
      const text = (key: string) => (typeof state.values[key] === 'string' ? (state.values[key] as string).slice(0, 64) : '');
      if (state.form === 'disable') forms.disable = { values: { code: text('code'), recoveryCode: text('recoveryCode') }, errors: state.errors };
      else forms[state.form] = { values: { code: text('code') }, errors: state.errors };
    }
    const left = status.state === 'on' ? status.recoveryCodesLeft : 0;
    return {
      title: 'Two-factor login',
      isOff: status.state === 'off',
      isPending: status.state === 'pending',
      isOn: status.state === 'on',
      enabledAt: status.state === 'on' ? status.enabledAt.toISOString() : null,
      recoveryCodesLeft: left,
      recoveryCodesTotal: RECOVERY_CODE_COUNT,
      recoveryCodesLow: status.state === 'on' && left <= 3,
      setup: status.state === 'pending' ? await this.setup(status.setup) : null,
      actions: {
        setup: this.url('/scp/profile/two-factor/setup'),
        cancel: this.url('/scp/profile/two-factor/cancel'),
        confirm: this.url('/scp/profile/two-factor/confirm'),
        regenerate: this.url('/scp/profile/two-factor/recovery-codes'),
        disable: this.url('/scp/profile/two-factor/disable'),
      },
      forms,
      layout: SCP_LAYOUT,
    };
  }

  codes(codes: string[], reason: 'enabled' | 'regenerated'): RecoveryCodesVM & { layout: string } {
    return {
      title: reason === 'enabled' ? 'Two-factor login is on' : 'New recovery codes',
      lead: reason === 'enabled'
        ? `From now on, ${this.config.helpdeskName} asks for a code from your app after your password.`
        : 'Your earlier recovery codes no longer work.',
      codes,
      backUrl: this.pageUrl(),
      layout: SCP_LAYOUT,
    };
  }

  login(notice: string | null, errors: FormErrors = {}): TwoFactorLoginVM & { layout: string } {
    return {
      title: 'Two-factor login',
      action: this.url('/scp/login/two-factor'),
      cancelUrl: this.url('/scp/login'),
      notice,
      form: { values: {}, errors },
      layout: SCP_LAYOUT,
    };
  }

  private async setup(setup: { secret: Buffer; issuer: string; label: string }): Promise<TwoFactorPageVM['setup']> {
    const uri = otpauthUri(setup.secret, setup.issuer, setup.label);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`,
      secret: groupedSecret(setup.secret),
      uri,
      issuer: setup.issuer,
      label: setup.label,
    };
  }
}
