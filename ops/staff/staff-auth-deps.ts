import type { Db } from '../../db/client.js';
import type { Policy } from '../config/index.js';

/** What staff sign-in and session use cases need: the database, and the policy file that
 * says who the staff are. */
export type StaffAuthDeps = { db: Db; policy: Policy };

/** The audit subject for anything about a member's sign-in. */
export const staffSubject = (staffId: string): string => `staff:${staffId}`;
