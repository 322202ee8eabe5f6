import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { audit, verifyAudit } from '../../ops/audit/log.js';
import { createMigratedTestDatabase } from '../../testkit/test-database.js';

describe('hash-chained audit log on PostgreSQL', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await createMigratedTestDatabase());
  });

  afterAll(async () => {
    await drop?.();
  });

  const tamper = async (statement: ReturnType<typeof sql>) => {
    // An attacker with owner rights can switch the append-only trigger off; the chain is
    // what still catches them.
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await database.db.execute(statement);
    await database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  };

  it('stays one unbroken chain when many writers append at once', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit(database.db, {
          actor: `staff-${i % 3}`,
          action: 'approval.decided',
          subject: `apr_${i}`,
          details: {
            decision: i % 2 ? 'approved' : 'rejected',
            amountMinor: i * 100,
            nested: { b: 1, a: 2 },
          },
        }),
      ),
    );
    // The signed head moved with every append, in step with the chain.
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, rows: 40 });
  });

  it('detects an edited row', async () => {
    await tamper(sql`update audit_log set details = '{"decision":"approved"}' where seq = 7`);
    expect(await verifyAudit(database.db)).toEqual({
      ok: false,
      rows: 7,
      seq: 7,
      problem: 'edited',
    });
  });

  it('detects a removed row', async () => {
    // Start a fresh chain: the previous test left an edited one.
    await tamper(sql`delete from audit_log`);
    await database.db.execute(
      sql`update audit_head set last_seq = 0, last_hash = 'genesis', row_count = 0, mac = null`,
    );
    for (let i = 0; i < 5; i++) {
      await audit(database.db, { actor: 'a', action: 'x', subject: `s${i}` });
    }
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await tamper(sql`delete from audit_log where seq = (select min(seq) + 2 from audit_log)`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problem: 'broken_link' });
  });
});
