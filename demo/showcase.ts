/** The first orders of every demo are fixed cases, so even the smallest demo (and its tests)
 * has one of each thing a newcomer should try: a refund, a partial refund, a dispute, an
 * unpaid order, and orders the baseline risk rules flag. Later orders are random. */
import type { OrderStatus } from '../db/schema/orders.js';

/** Which baseline risk rule an order is built to trip (the baseline risk rules). */
export type RiskFlavor = 'new_account_bulk' | 'country_mismatch' | 'both';

type ShowcaseOrder = { status: OrderStatus; risk?: RiskFlavor; tickets?: number };

const SHOWCASE: readonly ShowcaseOrder[] = [
  { status: 'paid', tickets: 2 },
  { status: 'refunded' },
  { status: 'partially_refunded', tickets: 3 },
  { status: 'disputed' },
  { status: 'paid', risk: 'new_account_bulk' },
  { status: 'paid', risk: 'country_mismatch' },
  { status: 'pending' },
  { status: 'paid', risk: 'both' },
  { status: 'canceled' },
];

export function showcaseOrder(index: number): ShowcaseOrder | undefined {
  return SHOWCASE[index];
}

/** Roughly 3 in 100 orders are risky. Risky order `i` is bought by customer `i`, whose
 * account is made young when the flavor needs it, so the rule's facts line up. */
export function riskFlavorOf(index: number, customers: number): RiskFlavor | null {
  if (index >= customers) return null;
  if (index < SHOWCASE.length) return SHOWCASE[index]?.risk ?? null;
  switch (index % 100) {
    case 29:
      return 'new_account_bulk';
    case 59:
      return 'country_mismatch';
    case 89:
      return 'both';
    default:
      return null;
  }
}

/** Accounts opened days before a bulk order: nobody else buys with them. */
export function isFreshAccount(index: number, customers: number): boolean {
  const flavor = riskFlavorOf(index, customers);
  return flavor === 'new_account_bulk' || flavor === 'both';
}
