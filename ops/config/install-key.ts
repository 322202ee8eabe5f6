import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { INSTALL_SECRET, installSecret } from '../../db/queries/install-secrets.js';

/** What a key is for. Each purpose gets its own key from the one install secret, so a value
 * keyed for one use is never valid for another. */
export type KeyPurpose = 'contact digest' | 'audit head';

export const deriveInstallKey = (secret: string, purpose: KeyPurpose): Buffer =>
  createHmac('sha256', secret).update(`ticketops ${purpose} v1`).digest();

// One read per database handle and process: the secret never changes once made.
const secrets = new WeakMap<Db, Promise<string>>();

/** The key for `purpose` on this install (the database's install secret, made on first use).
 * Cached per database handle; a failed read is not cached, so the next call tries again. */
export async function installKey(db: Db, purpose: KeyPurpose): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = installSecret(db, INSTALL_SECRET);
    secrets.set(db, secret);
    secret.catch(() => secrets.delete(db));
  }
  return deriveInstallKey(await secret, purpose);
}
