import { z } from 'zod';
import { ORDER_STATUSES } from '../../db/schema/orders.js';
import { describeIssues } from '../config/index.js';

/**
 * `ticketops import orders FILE.csv`: one row per order line, with a header row. Column names
 * are case-insensitive; unknown columns are ignored; UTF-8 with or without BOM, LF or CRLF,
 * RFC 4180 quoting (commas, quotes and newlines inside quoted fields).
 *
 * | column                  | required | meaning                                                  |
 * |-------------------------|----------|----------------------------------------------------------|
 * | `order_code`            | yes      | `ORD-` + 5-10 letters/digits; the import key              |
 * | `event_slug`            | yes      | slug of an existing event                                 |
 * | `email`                 | yes      | buyer's email (stored lowercased; one customer per email) |
 * | `name`                  |          | buyer's name (default: the email's local part)            |
 * | `ticket_type`           | yes      | name of a ticket type of that event (case-insensitive)    |
 * | `quantity`              |          | tickets on this line, 1-100, default 1                    |
 * | `total_minor` / `total` | one      | order total: integer minor units, or decimal (`45.50`)    |
 * | `fee_minor`             |          | part of the total that is fees, default 0                 |
 * | `refunded_minor`        |          | already refunded, default 0                               |
 * | `currency`              | yes      | ISO 4217, e.g. `EUR`                                      |
 * | `status`                |          | paid (default), pending, partially_refunded, refunded,    |
 * |                         |          | canceled, disputed                                        |
 * | `stripe_payment_intent` |          | `pi_...`, unique across orders                            |
 * | `stripe_charge`         |          | `ch_...` / `py_...`                                       |
 * | `billing_country`       |          | ISO 3166-1 alpha-2                                        |
 * | `ip_country`            |          | ISO 3166-1 alpha-2                                        |
 * | `created_at`            |          | ISO 8601 with offset (default: time of import)            |
 * | `holder_names`          |          | ticket holders on this line, separated by `;`             |
 *
 * An order with several ticket types spans consecutive rows with the same `order_code`; the
 * order columns (everything but ticket_type, quantity, holder_names) must then agree.
 * Tickets of refunded or canceled orders are imported void.
 */
export type OrderCsvRow = z.infer<typeof rowSchema>;

export const REQUIRED_COLUMNS = ['order_code', 'event_slug', 'email', 'ticket_type', 'currency'];

/** Columns that describe the order, not the line: they must agree across an order's rows. */
export const ORDER_COLUMNS = [
  'event_slug',
  'email',
  'name',
  'totalMinor',
  'fee_minor',
  'refunded_minor',
  'currency',
  'status',
  'stripe_payment_intent',
  'stripe_charge',
  'billing_country',
  'ip_country',
  'created_at',
] as const;

// Currencies whose minor unit is not a hundredth (ISO 4217 exponents Stripe uses).
const ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

const text = z.string().trim();
const minor = z.coerce.number().int('expected whole minor units').min(0);
const country = text.toUpperCase().regex(/^[A-Z]{2}$/, 'expected a two-letter country code');

const rowSchema = z
  .object({
    order_code: text
      .toUpperCase()
      .regex(/^ORD-[0-9A-Z]{5,10}$/, 'expected ORD- and 5 to 10 letters or digits'),
    event_slug: text.min(1),
    email: text.toLowerCase().pipe(z.email('expected an email address')),
    name: text.min(1).optional(),
    ticket_type: text.min(1),
    quantity: z.coerce.number().int().min(1).max(100).default(1),
    total_minor: minor.optional(),
    total: text.regex(/^\d+(\.\d+)?$/, 'expected a decimal like 45.50').optional(),
    fee_minor: minor.default(0),
    refunded_minor: minor.default(0),
    currency: text.toUpperCase().regex(/^[A-Z]{3}$/, 'expected a three-letter currency code'),
    status: z.enum(ORDER_STATUSES).default('paid'),
    stripe_payment_intent: text.regex(/^pi_\w+$/, 'expected pi_...').optional(),
    stripe_charge: text.regex(/^(ch|py)_\w+$/, 'expected ch_...').optional(),
    billing_country: country.optional(),
    ip_country: country.optional(),
    created_at: z.iso
      .datetime({ offset: true, error: 'expected ISO 8601 with a time zone' })
      .optional(),
    holder_names: text.optional(),
  })
  .transform((row, ctx) => {
    const totalMinor =
      row.total_minor ?? (row.total ? toMinor(row.total, row.currency) : undefined);
    if (totalMinor === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['total_minor'],
        message: row.total ? `too many decimals for ${row.currency}` : 'set total_minor or total',
      });
      return z.NEVER;
    }
    const holders =
      row.holder_names
        ?.split(';')
        .map((h) => h.trim())
        .filter((h) => h !== '') ?? [];
    if (holders.length > row.quantity) {
      ctx.addIssue({
        code: 'custom',
        path: ['holder_names'],
        message: `${holders.length} names for ${row.quantity} tickets`,
      });
    }
    if (row.fee_minor > totalMinor) {
      ctx.addIssue({ code: 'custom', path: ['fee_minor'], message: 'larger than the total' });
    }
    if (row.refunded_minor > totalMinor) {
      ctx.addIssue({ code: 'custom', path: ['refunded_minor'], message: 'larger than the total' });
    }
    return { ...row, totalMinor, holders };
  });

export type RowVerdict = { ok: true; row: OrderCsvRow } | { ok: false; reason: string };

/** Validates one CSV record; empty cells count as absent. */
export function parseOrderRow(record: Record<string, string>): RowVerdict {
  const present = Object.fromEntries(Object.entries(record).filter(([, v]) => v.trim() !== ''));
  const result = rowSchema.safeParse(present);
  if (result.success) return { ok: true, row: result.data };
  return { ok: false, reason: describeIssues(result.error.issues).replaceAll('\n', '; ') };
}

/** `45.5` EUR -> 4550; refuses more decimals than the currency has. */
function toMinor(decimal: string, currency: string): number | undefined {
  const exponent = ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
  const [whole = '0', fraction = ''] = decimal.split('.');
  if (fraction.length > exponent) return undefined;
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}
