import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loadOrderFacts } from '../../db/queries/orders.js';
import { placesHeldByType } from '../../db/queries/ticket-types.js';
import { ticketTypes } from '../../db/schema/index.js';
import type { Policy } from '../config/index.js';
import type { EditFacts } from './edit.js';
import { holdOf } from './hold.js';
import { refundVerdict } from './refund-verdict.js';

/** Reads what `problemWithEdit` judges an edit against: the order's tickets, the event's
 * ticket prices and what the refund policy allows right now. Undefined when the order is gone. */
export async function loadEditFacts(
  db: Db,
  policy: Policy,
  orderId: string,
  now = new Date(),
): Promise<EditFacts | undefined> {
  const facts = await loadOrderFacts(db, orderId);
  if (!facts) return undefined;
  const types = await db
    .select({
      id: ticketTypes.id,
      priceMinor: ticketTypes.priceMinor,
      eventId: ticketTypes.eventId,
      capacity: ticketTypes.capacity,
    })
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, facts.order.eventId));
  const held = await placesHeldByType(db, facts.order.eventId);
  const verdict = refundVerdict(policy, {
    order: facts.order,
    tickets: facts.tickets,
    doorsAt: facts.event.doorsAt,
    now,
    heldForReview: holdOf(facts.openReview?.hold) !== 'none',
  });
  return {
    tickets: facts.tickets,
    prices: new Map(
      types.map((t) => [
        t.id,
        {
          priceMinor: t.priceMinor,
          eventId: t.eventId,
          capacity: t.capacity,
          held: held.get(t.id) ?? 0,
        },
      ]),
    ),
    refundableMinor: verdict.eligible ? verdict.amountMinor : null,
    ...(verdict.eligible ? {} : { refundRefusal: verdict.reason }),
  };
}
