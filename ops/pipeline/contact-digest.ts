import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { installKey } from '../config/index.js';

/** Digest of a contact value as the pipeline compares it (lowercase, no spaces). */
export type ContactDigester = (value: string) => string;

/** Contact digests keyed with this install's secret (HMAC-SHA256): equal for the same email
 * or phone anywhere in one install, so "is this the email on the order?" can be answered
 * without keeping the address, but not reversible by hashing a list of likely addresses, as
 * a plain hash is, without the install secret. */
export async function contactDigester(db: Db): Promise<ContactDigester> {
  const key = await installKey(db, 'contact digest');
  return (value) =>
    createHmac('sha256', key).update(value.trim().toLowerCase().replace(/\s+/g, '')).digest('hex');
}
