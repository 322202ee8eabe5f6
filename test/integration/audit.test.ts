import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { audit, auditAll, verifyAudit } from '../../ops/audit/log.js';
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

  const freshChain = async () => {
    await tamper(sql`delete from audit_log`);
    await database.db.execute(
      sql`update audit_head set last_seq = 0, last_hash = 'genesis', row_count = 0, mac = null`,
    );
  };
  const headSeq = async () => {
    const result = await database.db.execute(
      sql`select last_seq::int as head, (select max(seq)::int from audit_log) as last from audit_head`,
    );
    return (result as unknown as { rows: { head: number; last: number }[] }).rows[0];
  };

  it('moves the head past the seq numbers a rolled-back append took', async () => {
    await freshChain();
    await audit(database.db, { actor: 'a', action: 'x', subject: 'before' });
    // The serial does not give back the numbers this append took: the next row's seq is not
    // the one after the head's.
    await expect(
      database.db.transaction(async (tx) => {
        await auditAll(tx as never, [
          { actor: 'a', action: 'x', subject: 'gone-1' },
          { actor: 'a', action: 'x', subject: 'gone-2' },
        ]);
        throw new Error('caller fails after appending');
      }),
    ).rejects.toThrow('caller fails');
    const [row] = await auditAll(database.db, [{ actor: 'a', action: 'x', subject: 'after' }]);
    const { head, last } = (await headSeq())!;
    expect(row!.seq).toBe(last);
    expect(head).toBe(last);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, rows: 2, lastSeq: last });
  });

  it('stays one chain when many transactions append as their last write', async () => {
    await freshChain();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        database.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(${(i % 3) / 1000})`);
          const rows = await auditAll(tx as never, [
            { actor: 'bot', action: 'case.opened', subject: `cas_${i}` },
            { actor: 'bot', action: 'case.buyer_replied', subject: `cas_${i}`, details: { i } },
          ]);
          expect(rows.map((r) => r.subject)).toEqual([`cas_${i}`, `cas_${i}`]);
          expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
          expect(rows[1]!.details).toEqual({ i });
        }),
      ),
    );
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, rows: 60 });
    const { head, last } = (await headSeq())!;
    expect(head).toBe(last);
  });

  it("a failed append inside a caller's transaction leaves the caller's work usable", async () => {
    await freshChain();
    await audit(database.db, { actor: 'a', action: 'x', subject: 'first' });
    const [{ hash } = { hash: '' }] = (
      (await database.db.execute(sql`select hash from audit_log`)) as unknown as {
        rows: { hash: string }[];
      }
    ).rows;
    await database.db.transaction(async (tx) => {
      // The caller's own row already follows the head: the append meets the unique
      // prev_hash index, and the caller carries on.
      await tx.execute(
        sql`insert into audit_log (actor, action, subject, prev_hash, hash) values ('c', 'c', 'mine', ${hash}, 'h')`,
      );
      await expect(
        auditAll(tx as never, [{ actor: 'a', action: 'x', subject: 'clash' }]),
      ).rejects.toThrow();
      await tx.execute(sql`select 1`);
    });
    const subjects = await database.db.execute(sql`select subject from audit_log order by seq`);
    expect((subjects as unknown as { rows: { subject: string }[] }).rows).toEqual([
      { subject: 'first' },
      { subject: 'mine' },
    ]);
  });
});
