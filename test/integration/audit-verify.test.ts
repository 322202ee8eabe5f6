import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { audit, verifyAudit } from '../../ops/audit/log.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { runCli } from '../helpers/run-cli.js';

/** `ticketops audit verify` from source through tsx, as an operator runs it. */
async function auditVerifyCli(databaseUrl: string) {
  const { code, stdout, stderr } = await runCli(['audit', 'verify'], {
    env: { DATABASE_URL: databaseUrl, REDIS_URL: '', LOG_LEVEL: 'silent' },
  });
  return { code, output: stdout + stderr };
}

describe('audit verify: the signed head sees rows cut from the end', () => {
  let database: Database;
  let url: string;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const testDb = await createTestDatabase();
    url = testDb.url;
    drop = testDb.drop;
    database = await openDatabase({ url, dataDir: '' });
    await database.migrate();
    for (let i = 1; i <= 6; i++) {
      await audit(database.db, { actor: 'sam', action: 'approval.decided', subject: `apr_${i}` });
    }
  });

  afterEach(async () => {
    await database?.close();
    await drop?.();
  });

  /** What a superuser can do: switch the append-only trigger off, change rows, switch it on. */
  const asSuperuser = async (statement: ReturnType<typeof sql>) => {
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await database.db.execute(statement);
    await database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  };
  const lastSeq = async () => {
    const result = (await database.db.execute(
      sql`select max(seq)::int as seq from audit_log`,
    )) as unknown as { rows: { seq: number }[] };
    return result.rows[0]!.seq;
  };

  it('passes an intact log, from the CLI too', async () => {
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, rows: 6 });
    const cli = await auditVerifyCli(url);
    expect(cli.output).toMatch(/audit log intact: 6 rows/);
    expect(cli.code).toBe(0);
  });

  it('fails when the last rows were cut, and says which', async () => {
    const end = await lastSeq();
    await asSuperuser(sql`delete from audit_log where seq > ${end - 2}`);
    expect(await verifyAudit(database.db)).toMatchObject({
      ok: false,
      problem: 'missing_tail',
      rows: 4,
      missing: 2,
      lastSeq: end - 2,
      headSeq: end,
    });
    const cli = await auditVerifyCli(url);
    expect(cli.output).toMatch(
      new RegExp(`2 rows missing from the end: the log stops at seq ${end - 2}, .*seq ${end}`),
    );
    expect(cli.code).toBe(1);
  });

  it('still fails when new rows were appended after the cut', async () => {
    const end = await lastSeq();
    await asSuperuser(sql`delete from audit_log where seq > ${end - 3}`);
    await audit(database.db, { actor: 'bot', action: 'case.opened', subject: 'cas_after' });
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false });
  });

  it('fails on an edited row, from the CLI too', async () => {
    const end = await lastSeq();
    await asSuperuser(sql`update audit_log set actor = 'mallory' where seq = ${end - 1}`);
    expect(await verifyAudit(database.db)).toMatchObject({
      ok: false,
      problem: 'edited',
      seq: end - 1,
    });
    const cli = await auditVerifyCli(url);
    expect(cli.output).toMatch(new RegExp(`TAMPERED at seq ${end - 1}`));
    expect(cli.code).toBe(1);
  });

  it('fails when the head was rewritten by hand to match a shortened log', async () => {
    const end = await lastSeq();
    await asSuperuser(sql`delete from audit_log where seq > ${end - 1}`);
    await database.db.execute(sql`update audit_head set
      last_seq = ${end - 1}, row_count = row_count - 1,
      last_hash = (select hash from audit_log where seq = ${end - 1})`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problem: 'head_signature' });
  });

  it('an empty log with the head the migration left verifies', async () => {
    const empty = await createTestDatabase();
    const fresh = await openDatabase({ url: empty.url, dataDir: '' });
    try {
      await fresh.migrate();
      expect(await verifyAudit(fresh.db)).toEqual({
        ok: true,
        rows: 0,
        lastSeq: null,
        lastHash: 'genesis',
      });
    } finally {
      await fresh.close();
      await empty.drop();
    }
  });

  it('after an upgrade the unsigned head is reported until the next append signs it', async () => {
    // What the migration leaves on a log written by an earlier version: counts, no signature.
    await database.db.execute(sql`update audit_head set mac = null`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problem: 'unsigned_head' });
    await audit(database.db, { actor: 'bot', action: 'case.opened', subject: 'cas_next' });
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, rows: 7 });
  });
});
