import { ValidationError } from '../errors.js';

/** Long enough that guessing through the sign-in limiter is hopeless; a passphrase of a few
 * words passes, which is what people can remember without writing it on the door list. */
export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work one sign-in form can ask of scrypt. */
export const MAX_PASSWORD_LENGTH = 256;

/** Characters as typed (code points): an emoji is one, not two UTF-16 units. */
export const passwordLength = (password: string): number => [...password].length;

/** Throws a ValidationError saying what is wrong with a password about to be set. Length is
 * counted in characters as typed (code points), not bytes. */
export function assertNewPassword(password: string): void {
  const length = passwordLength(password);
  if (length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(
      `password: too short (${length} characters); use at least ${MIN_PASSWORD_LENGTH}, a few words make a good one`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError(`password: too long; use at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if (password.trim() !== password) {
    // Pasted with a trailing newline or space, it would never match what the member types.
    throw new ValidationError('password: starts or ends with a space');
  }
}
