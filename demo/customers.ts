/** Demo buyers. Customer `k` is a pure function of (seed, k, now): orders can name any buyer
 * by index without the generator keeping hundreds of thousands of customers in memory. */
import type { CustomerTier } from '../db/schema/customers.js';
import {
  COUNTRY_WEIGHTS,
  DEMO_EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  TIER_WEIGHTS,
} from './catalog.js';
import { demoId } from './codes.js';
import { type Rng, STREAM } from './rng.js';
import { isFreshAccount } from './showcase.js';

const DAY = 86_400_000;
const OLDEST = 6 * 365 * DAY;
const NEWEST = 130 * DAY;

export type DemoCustomer = {
  id: string;
  /** Where the mail address lives; the address itself is built only for the customer row. */
  domain: string;
  name: string;
  tier: CustomerTier;
  country: string;
  createdAt: number;
};

/** Six buyers in ten order once; the rest come back for more. */
export function customerCountFor(orders: number): number {
  return Math.max(1, Math.ceil(orders * 0.6));
}

export function randomName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** `Jörg de Vries` -> `jorg.de.vries`: mail addresses are ASCII and lowercase. */
function mailbox(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
}

export function demoCustomer(
  seed: number,
  index: number,
  customers: number,
  now: number,
  rng: Rng,
): DemoCustomer {
  rng.reseed(seed, STREAM.customers, index);
  const name = randomName(rng);
  // Regular accounts predate both demo events' sales, opened over six years in index order
  // (ids then grow with the index, as in a real shop, and index inserts stay local).
  // Fresh accounts were opened this week, for the risk cases.
  const createdAt = isFreshAccount(index, customers)
    ? now - rng.int(3_600_000, 6.5 * DAY)
    : now - OLDEST + Math.floor(((index + rng.next()) / customers) * (OLDEST - NEWEST));
  return {
    id: demoId('cus', createdAt, rng),
    domain: rng.pick(DEMO_EMAIL_DOMAINS),
    name,
    tier: rng.weighted(TIER_WEIGHTS),
    country: rng.weighted(COUNTRY_WEIGHTS),
    createdAt,
  };
}

/** The index makes the address unique, as the customers table requires. */
export function demoCustomerEmail(customer: DemoCustomer, index: number): string {
  return `${mailbox(customer.name)}${index}@${customer.domain}`;
}
