import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  base32Secret, generateRecoveryCode, groupedSecret, hashRecoveryCode, matchTotpStep, normalizeRecoveryCode, normalizeTotpCode, otpauthUri,
  RECOVERY_ALPHABET, totpStep,
} from './one-time-codes';

const secret = randomBytes(20);
const codeAt = (at: Date) => TOTP.generate({ secret: new Secret({ buffer: Uint8Array.from(secret).buffer }), timestamp: at.getTime() });
const NOW = new Date('2026-03-01T10:00:10Z');

describe('normalizeTotpCode', () => {
  it('keeps six digits, allowing the spaces and dashes apps show', () => {
    expect(normalizeTotpCode('123456')).toBe('123456');
    expect(normalizeTotpCode(' 123 456 ')).toBe('123456');
    expect(normalizeTotpCode('123-456')).toBe('123456');
  });

  it('refuses anything else', () => {
    for (const bad of ['', '12345', '1234567', '12345a', '１２３４５６', 'abcdef', null, undefined, 123456, ['123456'], '1'.repeat(40)]) {
      expect([bad, normalizeTotpCode(bad)]).toEqual([bad, null]);
    }
  });
});

describe('matchTotpStep', () => {
  it('accepts the current code and those one step either side, and says which step matched', () => {
    const step = totpStep(NOW);
    expect(matchTotpStep(secret, codeAt(NOW), NOW)).toBe(step);
    expect(matchTotpStep(secret, codeAt(new Date(NOW.getTime() - 30_000)), NOW)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(new Date(NOW.getTime() + 30_000)), NOW)).toBe(step + 1);
  });

  it('refuses codes two steps away, and codes of another secret', () => {
    expect(matchTotpStep(secret, codeAt(new Date(NOW.getTime() - 61_000)), NOW)).toBeNull();
    expect(matchTotpStep(secret, codeAt(new Date(NOW.getTime() + 60_000)), NOW)).toBeNull();
    expect(matchTotpStep(randomBytes(20), codeAt(NOW), NOW)).toBeNull();
  });
});

describe('the secret as the agent sees it', () => {
  it('groups the base32 key by four, and puts issuer and label in the otpauth URI', () => {
    expect(base32Secret(secret)).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupedSecret(secret).replace(/ /g, '')).toBe(base32Secret(secret));
    expect(groupedSecret(secret)).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const uri = new URL(otpauthUri(secret, 'Acme Help', 'ana@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(base32Secret(secret));
    expect(uri.searchParams.get('issuer')).toBe('Acme Help');
    expect(decodeURIComponent(uri.pathname)).toContain('ana@example.com');
  });
});

describe('recovery codes', () => {
  it('look like xxxx-xxxx-xx, from a 32-character alphabet without look-alikes', () => {
    expect(new Set(RECOVERY_ALPHABET).size).toBe(32);
    expect(RECOVERY_ALPHABET).not.toMatch(/[01lo]/);
    const codes = Array.from({ length: 200 }, generateRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[2-9a-km-np-z]{4}-[2-9a-km-np-z]{4}-[2-9a-km-np-z]{2}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('normalise to one form whatever the case, spaces and dashes', () => {
    const code = generateRecoveryCode();
    const plain = code.replace(/-/g, '');
    expect(normalizeRecoveryCode(code)).toBe(plain);
    expect(normalizeRecoveryCode(code.toUpperCase())).toBe(plain);
    expect(normalizeRecoveryCode(` ${plain.slice(0, 5)} ${plain.slice(5)} `)).toBe(plain);
    expect(hashRecoveryCode(normalizeRecoveryCode(code.toUpperCase())!)).toBe(hashRecoveryCode(plain));
  });

  it('refuse what cannot be a recovery code', () => {
    for (const bad of ['', 'abcd-efgh-j', 'abcd-efgh-jkm', 'abcd-efgh-j0', 'abcd-efgh-jl', 'abcd-efgh-j!', null, 42, ['abcd-efgh-jk'], 'a'.repeat(100)]) {
      expect([bad, normalizeRecoveryCode(bad)]).toEqual([bad, null]);
    }
  });

  it('hash to SHA-256 hex that does not contain the code', () => {
    const hash = hashRecoveryCode('abcdefghjk');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('abcdefghjk');
  });
});
