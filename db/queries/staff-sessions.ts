import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type SignInMethod, staffSessions } from '../schema/index.js';

export type StaffSessionRow = typeof staffSessions.$inferSelect;

export async function insertStaffSession(
  db: Db,
  session: {
    id: string;
    staffId: string;
    method: SignInMethod;
    createdAt: Date;
    expiresAt: Date;
    ip?: string | undefined;
    userAgent?: string | undefined;
  },
): Promise<void> {
  await db.insert(staffSessions).values(session);
}

/** The session with this id if it is still live at `now`: not revoked, not expired. */
export async function findLiveStaffSession(
  db: Db,
  id: string,
  now: Date,
): Promise<Pick<StaffSessionRow, 'staffId' | 'method' | 'expiresAt'> | undefined> {
  const [row] = await db
    .select({
      staffId: staffSessions.staffId,
      method: staffSessions.method,
      expiresAt: staffSessions.expiresAt,
    })
    .from(staffSessions)
    .where(
      and(
        eq(staffSessions.id, id),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
      ),
    );
  return row;
}

/** Ends one session; returns its member when it was live. */
export async function revokeStaffSession(
  db: Db,
  id: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(and(eq(staffSessions.id, id), isNull(staffSessions.revokedAt)))
    .returning({ staffId: staffSessions.staffId });
  return row?.staffId;
}

/** Ends every live session of a member; returns how many were live. */
export async function revokeSessionsOfMember(db: Db, staffId: string, now: Date): Promise<number> {
  const rows = await db
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
      ),
    )
    .returning({ id: staffSessions.id });
  return rows.length;
}

/** Live sessions per member, for `ticketops staff list`. */
export async function liveSessionCounts(db: Db, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ staffId: staffSessions.staffId, n: sql<number>`count(*)::int` })
    .from(staffSessions)
    .where(and(isNull(staffSessions.revokedAt), gt(staffSessions.expiresAt, now)))
    .groupBy(staffSessions.staffId);
  return new Map(rows.map((r) => [r.staffId, r.n]));
}
