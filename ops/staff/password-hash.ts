import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors.js';

/** scrypt cost for new hashes. N = 2^15 with r = 8 takes 32 MiB and ~150 ms per hash on a
 * small server: slow enough that a stolen table is expensive to guess through, cheap enough
 * for a handful of sign-ins a minute. The parameters travel with each hash, so raising them
 * later leaves existing passwords working. */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuses stored parameters that would make one check take minutes or gigabytes. */
const MAX_N = 2 ** 20;
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(
  password: string,
  salt: Buffer,
  cost: ScryptOptions,
  keyBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128 * N * r, or Node refuses the parameters it was given.
    const options = { ...cost, maxmem: MAX_MEMORY };
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url), with a fresh random salt. Passwords
 * are NFC-normalised so the same word typed on two keyboards is the same password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_COST, KEY_BYTES);
  const { N, r, p } = SCRYPT_COST;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

type ParsedHash = { cost: { N: number; r: number; p: number }; salt: Buffer; key: Buffer };

function parseHash(stored: string): ParsedHash {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const whole = (v: number) => Number.isInteger(v) && v > 0;
  if (
    scheme !== 'scrypt' ||
    rest.length > 0 ||
    !salt ||
    !key ||
    !whole(cost.N) ||
    !whole(cost.r) ||
    !whole(cost.p) ||
    cost.N > MAX_N ||
    128 * cost.N * cost.r > MAX_MEMORY ||
    cost.p > 16 ||
    Buffer.from(key, 'base64url').length < 16
  ) {
    throw new ValidationError('stored password hash: not a scrypt hash this version can check');
  }
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Whether `password` matches `stored`, compared in constant time. A malformed stored hash
 * is a ValidationError (the row was written by something else), never a match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { cost, salt, key } = parseHash(stored);
  const candidate = await derive(password, salt, cost, key.length);
  return candidate.length === key.length && timingSafeEqual(candidate, key);
}
