import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so codes read aloud at a door or typed on a phone
// are not confused.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % 32];
  return out;
}

let lastMs = -1;
let sequence = 0;

/** Time-sortable id with a type prefix, e.g. `msg_01JD...`: sorts by creation, says what it
 * is. Ids made in the same millisecond by this process carry a rising sequence before the
 * random part, so two replies stored in one transaction (one timestamp) still sort in the
 * order they were written. */
export function newId(prefix: string): string {
  const now = Date.now();
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  const time = now.toString(32).padStart(10, '0').toUpperCase();
  // 4 symbols of sequence (32^4 ids per millisecond) and 8 random ones (40 bits) against
  // other processes writing in the same millisecond.
  const seq = sequence.toString(32).padStart(4, '0').toUpperCase();
  return `${prefix}_${time}${seq}${base32(randomBytes(8), 8)}`;
}

/** Human order code as buyers see it in mails and type into chat: `ORD-7F3K2`. */
export function newOrderCode(bytes: Uint8Array = randomBytes(5)): string {
  return `ORD-${base32(bytes, 5)}`;
}

/** Ticket secret encoded in the QR and scanned at the door (16 symbols, 80 bits). */
export function newTicketCode(bytes: Uint8Array = randomBytes(16)): string {
  return base32(bytes, 16);
}

export { ALPHABET as CODE_ALPHABET };
