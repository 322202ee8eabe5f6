import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type Channel, channelIdentities } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';

/** "Forget me": the buyer's channel identity is no longer verified nor linked to a customer,
 * so whoever holds the session next must prove an order is theirs again. Audited, as the
 * verification was. Returns whether there was a verification to drop. */
export async function forgetIdentity(
  db: Db,
  p: { channel: Channel; externalUserId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const [row] = await txDb
      .update(channelIdentities)
      .set({ verifiedAt: null, customerId: null })
      .where(
        and(
          eq(channelIdentities.channel, p.channel),
          eq(channelIdentities.externalUserId, p.externalUserId),
          isNotNull(channelIdentities.verifiedAt),
        ),
      )
      .returning({ id: channelIdentities.id });
    if (!row) return false;
    await audit(txDb, {
      actor: 'buyer',
      action: 'identity.forgotten',
      subject: row.id,
      details: { channel: p.channel },
    });
    return true;
  });
}
