import type { Db } from '../../db/client.js';
import { insertStaffSession, revokeStaffSession } from '../../db/queries/staff-sessions.js';
import type { SignInMethod } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import { newSessionToken, STAFF_SESSION_MS, sessionIdOf } from './session-token.js';

export type IssuedSession = { token: string; expiresAt: Date };

export type SessionRequest = {
  staffId: string;
  method: SignInMethod;
  /** the session cookie the browser sent with the sign-in, if any: it is ended */
  previousToken?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
  now?: Date | undefined;
};

/** Starts a session under a new random token and ends the one the browser came with, so a
 * token planted or seen before sign-in is worth nothing after it (session fixation). */
export async function openStaffSession(db: Db, request: SessionRequest): Promise<IssuedSession> {
  const now = request.now ?? new Date();
  if (request.previousToken) await revokeStaffSession(db, sessionIdOf(request.previousToken), now);
  const { token, id } = newSessionToken();
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_MS);
  await insertStaffSession(db, {
    id,
    staffId: request.staffId,
    method: request.method,
    createdAt: now,
    expiresAt,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 300),
  });
  return { token, expiresAt };
}

/** A sign-in that succeeded, whatever proved it: the session opens and `staff.signed_in` is
 * audited in one transaction, so there is never a session without its audit row. */
export function openAuditedSession(
  db: Db,
  request: SessionRequest,
  audited: { subject: string; details: Record<string, unknown> },
): Promise<IssuedSession> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const issued = await openStaffSession(txDb, request);
    await audit(txDb, {
      actor: request.staffId,
      action: 'staff.signed_in',
      subject: audited.subject,
      details: { method: request.method, ...audited.details },
    });
    return issued;
  });
}
