import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const sessionSecret = randomBytes(36).toString('base64url');
  const cipher = new SecretCipher(sessionSecret);
  const plain = randomBytes(20);

  it('round-trips a secret, with a fresh IV each time and nothing of the plain bytes in the stored value', () => {
    const a = cipher.encrypt(plain, 7);
    const b = cipher.encrypt(plain, 7);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(a).not.toContain(plain.toString(encoding));
    expect(cipher.decrypt(a, 7)).toEqual(plain);
    expect(cipher.decrypt(b, 7)).toEqual(plain);
  });

  it('reads the session secret lazily, once', () => {
    const read = jest.fn(() => sessionSecret);
    const lazy = new SecretCipher(read);
    expect(read).not.toHaveBeenCalled();
    const stored = lazy.encrypt(plain, 1);
    expect(lazy.decrypt(stored, 1)).toEqual(plain);
    expect(cipher.decrypt(stored, 1)).toEqual(plain);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('gives null, never throws, for another key (rotated SESSION_SECRET), another agent, or an altered value', () => {
    const stored = cipher.encrypt(plain, 7);
    expect(new SecretCipher(randomBytes(36).toString('base64url')).decrypt(stored, 7)).toBeNull();
    expect(cipher.decrypt(stored, 8)).toBeNull();
    const [version, iv, tag, body] = stored.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(cipher.decrypt([version, iv, tag, flipped.toString('base64url')].join('.'), 7)).toBeNull();
    for (const bad of ['', 'v1', 'v2.a.b.c', `${stored}.x`, 'v1.!.!.!', [version, 'AA', tag, body].join('.'), [version, iv, 'AA', body].join('.')]) {
      expect([bad, cipher.decrypt(bad, 7)]).toEqual([bad, null]);
    }
  });

  it('needs a session secret', () => {
    expect(() => new SecretCipher('').encrypt(plain, 1)).toThrow('session secret');
  });
});
