import { FormState } from '../common/view-models';

/** views/scp/profile/two-factor.hbs: the signed-in agent's two-factor login, in one of three states. */
export interface TwoFactorPageVM {
  title: string;
  isOff: boolean;
  isPending: boolean;
  isOn: boolean;
  enabledAt: string | null; // ISO
  recoveryCodesLeft: number;
  recoveryCodesTotal: number;
  recoveryCodesLow: boolean; // 3 or fewer left
  /** Only while a set-up waits for its first code. */
  setup: { qrDataUri: string; secret: string; uri: string; issuer: string; label: string } | null;
  actions: { setup: string; cancel: string; confirm: string; regenerate: string; disable: string };
  forms: {
    confirm: FormState<{ code: string }>;
    regenerate: FormState<{ code: string }>;
    /** The password is never sent back. */
    disable: FormState<{ code: string; recoveryCode: string }>;
  };
}

/** views/scp/profile/two-factor-codes.hbs: new recovery codes, shown once in the answer to the POST. */
export interface RecoveryCodesVM {
  title: string;
  lead: string;
  codes: string[];
  backUrl: string;
}

/** views/scp/login-two-factor.hbs: the second login step. `notice` is the one generic refusal. */
export interface TwoFactorLoginVM {
  title: string;
  action: string;
  cancelUrl: string;
  notice: string | null;
  form: FormState<Record<string, never>>;
}
