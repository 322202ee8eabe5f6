import { and, eq, gt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { verificationAttempts } from '../schema/index.js';

// Two-key advisory locks live apart from the single-key ones (migrations, audit): this
// class is "verification of one order code", the second key the code's hash.
const VERIFICATION_LOCK_CLASS = 727_1003;

/** Failed verification attempts within the window, before this one. */
export type AttemptCounts = { conversation: number; order: number };

export type AttemptReservation =
  | { reserved: true; before: AttemptCounts }
  | { reserved: false; before: AttemptCounts };

/** Counts the failed attempts on this conversation and on this order code within the last
 * `windowMinutes` (database clock) and, when both are under `limit`, records this message's
 * attempt as failed until `releaseVerificationAttempt` says otherwise. Count and record run
 * under a lock per order code, so guesses from many chats at once are counted one after
 * another and none slips past the limit. A retried message finds its own row and is counted
 * as it was the first time. */
export async function reserveVerificationAttempt(
  db: Db,
  p: {
    messageId: string;
    conversationId: string;
    orderCode: string;
    windowMinutes: number;
    limit: number;
  },
): Promise<AttemptReservation> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${VERIFICATION_LOCK_CLASS}, hashtext(${p.orderCode}))`,
    );
    const byConversation = eq(verificationAttempts.conversationId, p.conversationId);
    const byOrder = eq(verificationAttempts.orderCode, p.orderCode);
    const [counts] = await tx
      .select({
        conversation: sql<number>`count(*) filter (where ${byConversation})`.mapWith(Number),
        order: sql<number>`count(*) filter (where ${byOrder})`.mapWith(Number),
      })
      .from(verificationAttempts)
      .where(
        and(
          or(byConversation, byOrder),
          gt(verificationAttempts.at, sql`now() - make_interval(mins => ${p.windowMinutes})`),
          ne(verificationAttempts.messageId, p.messageId),
        ),
      );
    const before = { conversation: counts?.conversation ?? 0, order: counts?.order ?? 0 };
    if (before.conversation >= p.limit || before.order >= p.limit) {
      return { reserved: false, before };
    }
    await tx
      .insert(verificationAttempts)
      .values({
        messageId: p.messageId,
        conversationId: p.conversationId,
        orderCode: p.orderCode,
      })
      .onConflictDoNothing();
    return { reserved: true, before };
  });
}

/** The email matched: this message's attempt was no failure. */
export async function releaseVerificationAttempt(db: Db, messageId: string): Promise<void> {
  await db.delete(verificationAttempts).where(eq(verificationAttempts.messageId, messageId));
}
