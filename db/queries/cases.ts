import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type approvals, cases } from '../schema/index.js';

export type CaseRow = typeof cases.$inferSelect;
export type NewCase = typeof cases.$inferInsert;
export type ApprovalRow = typeof approvals.$inferSelect;

export async function latestCaseOfConversation(db: Db, conversationId: string) {
  const [row] = await db
    .select()
    .from(cases)
    .where(eq(cases.conversationId, conversationId))
    .orderBy(desc(cases.createdAt))
    .limit(1);
  return row;
}

/** Inserts a case once per source message; a retry gets the case the first try made. */
export async function insertCaseOnce(db: Db, values: NewCase): Promise<CaseRow> {
  const [created] = await db.insert(cases).values(values).onConflictDoNothing().returning();
  if (created) return created;
  const [existing] = await db
    .select()
    .from(cases)
    .where(eq(cases.sourceMessageId, values.sourceMessageId!));
  return existing!;
}

export async function findCase(db: Db, id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).limit(1);
  return row;
}

/** Adds keys to a case's structured fields without rewriting the others. */
export async function mergeCaseFields(db: Db, caseId: string, fields: Record<string, unknown>) {
  await db
    .update(cases)
    .set({ fields: sql`${cases.fields} || ${JSON.stringify(fields)}::jsonb` })
    .where(eq(cases.id, caseId));
}
