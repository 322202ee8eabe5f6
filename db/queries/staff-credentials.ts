import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { staffCredentials } from '../schema/index.js';

/** The stored password hash of a member; undefined when none was ever set. */
export async function findPasswordHash(db: Db, staffId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ hash: staffCredentials.passwordHash })
    .from(staffCredentials)
    .where(eq(staffCredentials.staffId, staffId));
  return row?.hash;
}

/** Sets a member's password hash. `onlyIfNew` inserts without replacing (`staff add`):
 * returns false when the member already had one. */
export async function savePasswordHash(
  db: Db,
  staffId: string,
  passwordHash: string,
  options: { onlyIfNew: boolean },
): Promise<boolean> {
  const insert = db.insert(staffCredentials).values({ staffId, passwordHash });
  const rows = options.onlyIfNew
    ? await insert.onConflictDoNothing().returning({ staffId: staffCredentials.staffId })
    : await insert
        .onConflictDoUpdate({
          target: staffCredentials.staffId,
          set: { passwordHash, updatedAt: new Date() },
        })
        .returning({ staffId: staffCredentials.staffId });
  return rows.length > 0;
}

/** Which of these members have a password set. */
export async function membersWithPassword(db: Db): Promise<Set<string>> {
  const rows = await db.select({ staffId: staffCredentials.staffId }).from(staffCredentials);
  return new Set(rows.map((r) => r.staffId));
}
