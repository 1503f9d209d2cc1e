import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffTwoFactor } from './staff-two-factor.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const TWO_FACTOR_ENTITIES = [StaffTwoFactor, StaffRecoveryCode];
