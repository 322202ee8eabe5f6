import { createHash, randomBytes } from 'node:crypto';

/** A console session lasts a working shift; then the member signs in again. */
export const STAFF_SESSION_MS = 12 * 3600_000;

const TOKEN_BYTES = 32;
/** base64url of TOKEN_BYTES: anything else in a cookie is not a token this server made. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A fresh session token (256 random bits) for the cookie, and the id it is stored under. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

/** The stored id of a session token: its SHA-256. The database never holds the token itself,
 * so reading the sessions table opens no session. A slow hash is not needed: the token is
 * random, not a guessable password. */
export const sessionIdOf = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** Whether a cookie value could be a session token at all; saves a lookup for junk. */
export const looksLikeSessionToken = (value: string | undefined): value is string =>
  value !== undefined && TOKEN_SHAPE.test(value);
