/** Identifiers for demo rows, drawn from the seeded generator so the same seed gives the same
 * ids, codes and Stripe references. Shapes match the real ones (db/ids.ts, Stripe). */
import { CODE_ALPHABET, newOrderCode, newTicketCode } from '../db/ids.js';
import type { Rng } from './rng.js';

/** Every two-symbol string: one lookup per 10 random bits instead of a concat per symbol,
 * which matters at millions of ids. */
const PAIRS: readonly string[] = Array.from(
  { length: 1024 },
  (_, i) => `${CODE_ALPHABET[i >>> 5]}${CODE_ALPHABET[i & 31]}`,
);

/** Same shape as db/ids.ts `newId` (prefix, creation time, 12 random symbols), but the time
 * is the row's own `created_at` and the symbols come from the seed. */
export function demoId(prefix: string, atMs: number, rng: Rng): string {
  const x = rng.uint32();
  const y = rng.uint32();
  const z = rng.uint32();
  const time = atMs.toString(32).padStart(10, '0').toUpperCase();
  return `${prefix}_${time}${PAIRS[x & 1023]}${PAIRS[(x >>> 10) & 1023]}${PAIRS[(x >>> 20) & 1023]}${PAIRS[y & 1023]}${PAIRS[(y >>> 10) & 1023]}${PAIRS[z & 1023]}`;
}

const ticketBytes = new Uint8Array(16);

export function demoTicketCode(rng: Rng): string {
  return newTicketCode(rng.fill(ticketBytes));
}

/** Order codes have 5 symbols (32^5 ≈ 33.5M values): a million orders draw ~15,000
 * duplicates by the birthday bound, and the orders table has a unique index on the code.
 * A bitmap of every code handed out (4 MiB) catches them; a duplicate is redrawn from the
 * same generator, so the result is still a pure function of the seed. */
export class OrderCodes {
  private readonly taken = new Uint8Array(CODE_SPACE / 8);
  private count = 0;

  next(rng: Rng): string {
    // Past ~90% of the space redraws get slow; the CLI caps --orders well below that.
    if (this.count >= CODE_SPACE * 0.9) throw new Error('demo: order code space exhausted');
    for (;;) {
      const bytes = rng.bytes(5);
      let index = 0;
      for (let i = 0; i < 5; i++) index = index * 32 + ((bytes[i] ?? 0) % 32);
      const bit = 1 << (index & 7);
      const slot = index >>> 3;
      const current = this.taken[slot] ?? 0;
      if ((current & bit) === 0) {
        this.taken[slot] = current | bit;
        this.count++;
        return newOrderCode(bytes);
      }
    }
  }
}

const CODE_SPACE = 32 ** 5;

const STRIPE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function stripeSuffix(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += STRIPE_ALPHABET[rng.uint32() % 62];
  return out;
}

export type StripeRefs = { paymentIntentId: string; chargeId: string };

/** Base62 of the creation second, 6 symbols: Stripe's ids also start with a time part. */
function stripeTime(atMs: number): string {
  let n = Math.floor(atMs / 1000);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = STRIPE_ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** Stripe's current ids: `pi_3…` and `ch_3…` of 27 characters, a time part, then the
 * account's part (the same for every demo payment), then random symbols; a charge shares
 * the prefix of its payment intent. Time-ordered like Stripe's own, so the indexes on these
 * columns fill in order. */
export function stripeRefs(rng: Rng, atMs: number): StripeRefs {
  const shared = `3${stripeTime(atMs)}Tk7dEmo`;
  return {
    paymentIntentId: `pi_${shared}${stripeSuffix(rng, 10)}`,
    chargeId: `ch_${shared}${stripeSuffix(rng, 10)}`,
  };
}
