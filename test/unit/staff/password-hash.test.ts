import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../ops/errors.js';
import { assertNewPassword } from '../../../ops/staff/new-password.js';
import { hashPassword, SCRYPT_COST, verifyPassword } from '../../../ops/staff/password-hash.js';

describe('staff password hashes (scrypt)', () => {
  it('stores the cost and a fresh salt with each hash; the same password hashes differently', async () => {
    const a = await hashPassword('the same passphrase');
    const b = await hashPassword('the same passphrase');
    const [scheme, n, r, p, saltA, keyA] = a.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      SCRYPT_COST.N,
      SCRYPT_COST.r,
      SCRYPT_COST.p,
    ]);
    expect(Buffer.from(saltA!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(keyA!, 'base64url')).toHaveLength(32);
    expect(b.split('$')[4]).not.toBe(saltA);
    expect(a).not.toBe(b);
    expect(a).not.toContain('passphrase');
  });

  it('matches the right password only', async () => {
    const stored = await hashPassword('right horse battery');
    expect(await verifyPassword('right horse battery', stored)).toBe(true);
    expect(await verifyPassword('right horse batter', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, bitte');
    expect(await verifyPassword('cafe\u0301 au lait, bitte', stored)).toBe(true);
  });

  it('checks a hash made with other parameters by the parameters it carries', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('older cheaper hash', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('older cheaper hash', stored)).toBe(true);
    expect(await verifyPassword('older cheaper hasH', stored)).toBe(false);
  });

  it('refuses a stored value that is no scrypt hash, or asks for absurd work', async () => {
    const salt = Buffer.alloc(16).toString('base64url');
    const key = Buffer.alloc(32).toString('base64url');
    for (const stored of [
      'plain text password',
      `bcrypt$16384$8$1$${salt}$${key}`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`,
      `scrypt$16384$8$1$${salt}$${key}$extra`,
      `scrypt$16384$x$1$${salt}$${key}`,
    ]) {
      await expect(verifyPassword('anything', stored), stored).rejects.toThrow(ValidationError);
    }
  });
});

describe('new staff passwords', () => {
  it('need 12 characters, counted as typed, and no surrounding spaces', () => {
    expect(() => assertNewPassword('eleven char')).toThrow(/too short \(11 characters\)/);
    expect(() => assertNewPassword('twelve chars')).not.toThrow();
    // 12 emoji are 12 characters, though 24 UTF-16 units.
    expect(() => assertNewPassword('🎟'.repeat(11))).toThrow(ValidationError);
    expect(() => assertNewPassword('🎟'.repeat(12))).not.toThrow();
    expect(() => assertNewPassword(' twelve chars')).toThrow(/starts or ends with a space/);
    expect(() => assertNewPassword('x'.repeat(257))).toThrow(/too long/);
  });
});
