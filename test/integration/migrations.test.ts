import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { migrationsFolder } from '../../db/paths.js';
import { auditLog, customers, events } from '../../db/schema/index.js';
import { createTestDatabase } from '../../testkit/test-database.js';

/** The shape of the public schema, in a form both engines print identically. */
async function describeSchema(database: Database) {
  const rows = async (query: ReturnType<typeof sql>) =>
    ((await database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
  return {
    columns: await rows(sql`
      select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = 'public'
      order by table_name, column_name`),
    constraints: await rows(sql`
      select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = 'public'::regnamespace
        -- PGlite's newer PostgreSQL also lists NOT NULL here; columns already compare those
        and contype <> 'n'
      order by 1, 2`),
    indexes: await rows(sql`
      select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
      order by 1, 2`),
    triggers: await rows(sql`
      select event_object_table, trigger_name, event_manipulation
      from information_schema.triggers where trigger_schema = 'public' order by 1, 2, 3`),
  };
}

describe('migrations', () => {
  let postgres: Database;
  let pglite: Database;
  let drop: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    url = testDb.url;
    drop = testDb.drop;
    postgres = await openDatabase({ url, dataDir: '' });
    pglite = await openDatabase({ dataDir: 'memory://' });
  });

  afterAll(async () => {
    await postgres?.close();
    await pglite?.close();
    await drop?.();
  });

  it('apply concurrently on PostgreSQL without racing (advisory lock)', async () => {
    const second = await openDatabase({ url, dataDir: '' });
    try {
      await Promise.all([postgres.migrate(), second.migrate()]);
    } finally {
      await second.close();
    }
    const applied = await postgres.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(readFileSync(`${migrationsFolder()}/meta/_journal.json`, 'utf8'));
    expect((applied as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(
      journal.entries.length,
    );
  });

  it('produce the same schema on PGlite as on PostgreSQL', async () => {
    await pglite.migrate();
    const [onPostgres, onPglite] = await Promise.all([
      describeSchema(postgres),
      describeSchema(pglite),
    ]);
    expect(onPostgres.columns.length).toBeGreaterThan(100);
    expect(onPglite).toEqual(onPostgres);
  });

  it('are idempotent: a second run applies nothing and keeps data', async () => {
    await postgres.db.insert(customers).values({ email: 'keep@example.com', name: 'Keep' });
    await postgres.migrate();
    await pglite.migrate();
    const kept = await postgres.db.select().from(customers);
    expect(kept.map((c) => c.email)).toContain('keep@example.com');
  });

  it('enforce the domain constraints', async () => {
    const db = postgres.db;
    await expect(
      db.insert(customers).values({ email: 'Upper@Example.com', name: 'x' }),
    ).rejects.toThrow();
    const startsAt = new Date('2026-12-01T20:00:00Z');
    await expect(
      db.insert(events).values({
        slug: 'backwards',
        name: 'Doors after start',
        venue: 'Hall',
        startsAt,
        doorsAt: new Date(startsAt.getTime() + 3600_000),
        endsAt: new Date(startsAt.getTime() + 7200_000),
        capacity: 10,
      }),
    ).rejects.toThrow();
  });

  it('keep the audit log append-only', async () => {
    await postgres.db
      .insert(auditLog)
      .values({ actor: 'test', action: 'x', subject: 's', prevHash: 'genesis', hash: 'h1' });
    // drizzle wraps the driver error; the trigger's message is its cause.
    const refusal = (query: ReturnType<typeof sql>) =>
      postgres.db.execute(query).then(
        () => 'allowed',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(sql`update audit_log set actor = 'mallory'`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from audit_head`)).toMatch(/never removed/);
    expect(await refusal(sql`truncate audit_head`)).toMatch(/never removed/);
  });
});
