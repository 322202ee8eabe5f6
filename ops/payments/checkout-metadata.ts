import { z } from 'zod';
import { describeIssues } from '../config/index.js';

/**
 * The contract between the ticket shop and Ticketops: what a shop puts in the Checkout
 * Session's `metadata` when it creates it, so `checkout.session.completed` can become an
 * order with tickets without another Stripe call (line items are not in the event payload).
 * Stripe metadata values are strings of at most 500 characters.
 *
 * | key           | required | meaning                                                       |
 * |---------------|----------|---------------------------------------------------------------|
 * | `event_slug`  | yes      | `events.slug` of the event the tickets admit to               |
 * | `ticket_type` | one of   | name of one ticket type of that event (case-insensitive)      |
 * | `quantity`    |          | tickets of `ticket_type`, 1-50, default 1                     |
 * | `tickets`     | one of   | several types: JSON `[{"type":"GA","quantity":2},...]`        |
 * | `ip_country`  | no       | ISO 3166-1 alpha-2 country of the buyer's IP, as the shop saw |
 * | `order_code`  | no       | the `ORD-XXXXX` code the shop already showed; else generated  |
 *
 * Everything else comes from the session itself: the buyer's email (lowercased) and name
 * from `customer_details`, `billing_country` from `customer_details.address.country`,
 * `amount_subtotal` / `amount_total`, `currency` and `payment_intent`.
 */
export type CheckoutMetadata = {
  eventSlug: string;
  lines: { ticketType: string; quantity: number }[];
  ipCountry: string | null;
  orderCode: string | null;
};

export const MAX_TICKETS_PER_LINE = 50;
export const ORDER_CODE_PATTERN = /^ORD-[0-9A-Z]{5,10}$/;

const quantity = z.coerce.number().int().min(1).max(MAX_TICKETS_PER_LINE);

const linesJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(z.object({ type: z.string().trim().min(1), quantity }))
      .min(1)
      .max(20),
  );

const metadataSchema = z
  .object({
    event_slug: z.string().trim().min(1),
    ticket_type: z.string().trim().min(1).optional(),
    quantity: quantity.optional(),
    tickets: linesJson.optional(),
    ip_country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'expected a two-letter country code')
      .optional(),
    order_code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(ORDER_CODE_PATTERN, 'expected ORD- and 5 to 10 letters or digits')
      .optional(),
  })
  .refine((m) => (m.ticket_type === undefined) !== (m.tickets === undefined), {
    message: 'set exactly one of ticket_type or tickets',
    path: ['ticket_type'],
  });

export type MetadataVerdict = { ok: true; value: CheckoutMetadata } | { ok: false; reason: string };

/** Reads the shop's metadata; a verdict, not an exception: bad metadata is a shop bug that
 * retrying the webhook cannot fix. */
export function readCheckoutMetadata(metadata: Record<string, string> | null): MetadataVerdict {
  const result = metadataSchema.safeParse(metadata ?? {});
  if (!result.success) {
    return {
      ok: false,
      reason: `bad checkout metadata: ${describeIssues(result.error.issues).replaceAll('\n', '; ')}`,
    };
  }
  const m = result.data;
  const lines = m.tickets
    ? m.tickets.map((l) => ({ ticketType: l.type, quantity: l.quantity }))
    : [{ ticketType: m.ticket_type ?? '', quantity: m.quantity ?? 1 }];
  return {
    ok: true,
    value: {
      eventSlug: m.event_slug,
      lines,
      ipCountry: m.ip_country ?? null,
      orderCode: m.order_code ?? null,
    },
  };
}
