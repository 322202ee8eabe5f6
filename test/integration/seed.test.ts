import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { ensureDemoData, seedDemo } from '../../demo/seed.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/test-database.js';

// A fixed clock: the same seed must give byte-identical data, times included.
const NOW = Date.parse('2025-03-14T12:00:00Z');
const DAY = 86_400_000;

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function count(database: Database, table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    database,
    sql.raw(`select count(*)::int as n from ${table}`),
  );
  return row?.n ?? 0;
}

async function codes(database: Database): Promise<string> {
  const [row] = await rows<{ orders: string; tickets: string }>(
    database,
    sql`select (select string_agg(code, ',' order by code) from orders) as orders,
      (select string_agg(code, ',' order by code) from tickets) as tickets`,
  );
  return `${row?.orders}|${row?.tickets}`;
}

describe('seed --demo on PostgreSQL', () => {
  let scratch: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    scratch = await createTestDatabase();
    database = await openDatabase({ url: scratch.url, dataDir: '' });
    await database.migrate();
  });

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('seeds events, buyers, orders of every status, tickets and door scans', async () => {
    const result = await seedDemo(database.db, { now: NOW, seed: 7, orders: 400 });
    expect(result.status).toBe('seeded');
    if (result.status !== 'seeded') return;
    expect(result.counts.orders).toBe(400);
    expect(await count(database, 'events')).toBe(2);
    expect(await count(database, 'orders')).toBe(400);
    expect(await count(database, 'tickets')).toBe(result.counts.tickets);
    expect(result.counts.tickets).toBeGreaterThanOrEqual(400);
    expect(await count(database, 'scans')).toBe(result.counts.scans);

    const statuses = await rows<{ status: string }>(
      database,
      sql`select distinct status from orders order by status`,
    );
    expect(statuses.map((s) => s.status)).toEqual([
      'canceled',
      'disputed',
      'paid',
      'partially_refunded',
      'pending',
      'refunded',
    ]);
    const results = await rows<{ result: string }>(
      database,
      sql`select distinct result from scans`,
    );
    expect(results.map((r) => r.result)).toEqual(
      expect.arrayContaining(['ok', 'already_redeemed', 'invalid']),
    );
    const [events] = await rows<{ upcoming: string; past: string; tz: string }>(
      database,
      sql`select max(status) filter (where slug = 'demo-night') as upcoming,
        max(status) filter (where slug <> 'demo-night') as past, min(timezone) as tz from events`,
    );
    expect(events).toEqual({ upcoming: 'on_sale', past: 'ended', tz: 'Europe/Berlin' });
  });

  it('includes orders the baseline risk rules flag', async () => {
    const [risky] = await rows<{ bulk: number; mismatch: number }>(
      database,
      sql`select
        count(*) filter (where t.n >= 6 and o.created_at - c.created_at < interval '7 days')::int as bulk,
        count(*) filter (where o.billing_country <> o.ip_country)::int as mismatch
      from orders o join customers c on c.id = o.customer_id
      join (select order_id, count(*) as n from tickets group by order_id) t on t.order_id = o.id`,
    );
    expect(risky?.bulk).toBeGreaterThanOrEqual(2);
    expect(risky?.mismatch).toBeGreaterThanOrEqual(2);
  });

  it('keeps the data coherent beyond what CHECK constraints enforce', async () => {
    const [facts] = await rows<Record<string, number>>(
      database,
      sql`select
        (select count(*)::int from customers where email <> lower(email)) as upper_emails,
        (select count(*)::int from orders where status in ('paid','disputed','refunded','partially_refunded')
           and (stripe_payment_intent_id not like 'pi_%' or stripe_charge_id not like 'ch_%')) as bad_stripe,
        (select count(*)::int from orders where status = 'refunded' and refunded_minor <> total_minor) as bad_refunds,
        (select count(*)::int from orders o join customers c on c.id = o.customer_id
           where o.created_at < c.created_at) as orders_before_account,
        (select count(*)::int from scans s join events e on e.id = s.event_id
           where e.status <> 'ended') as scans_before_show`,
    );
    expect(facts).toEqual({
      upper_emails: 0,
      bad_stripe: 0,
      bad_refunds: 0,
      orders_before_account: 0,
      scans_before_show: 0,
    });
  });

  it('does not seed twice, and ensureDemoData leaves a non-empty database alone', async () => {
    const before = await count(database, 'orders');
    const again = await seedDemo(database.db, { now: NOW, seed: 7, orders: 400 });
    expect(again).toMatchObject({ status: 'skipped', reason: 'demo_exists' });
    const ensured = await ensureDemoData(database.db, { now: NOW });
    expect(ensured).toMatchObject({ status: 'skipped', reason: 'database_not_empty' });
    expect(await count(database, 'orders')).toBe(before);
  });

  it('is deterministic per seed, whether written in one transaction or in parallel', async () => {
    const first = await codes(database);
    const parallel = await seedDemo(database.db, {
      now: NOW,
      seed: 7,
      orders: 400,
      reset: true,
      connections: 3,
    });
    expect(parallel).toMatchObject({ status: 'seeded', wiped: { events: 2, orders: 400 } });
    expect(await codes(database)).toBe(first);
    expect(await count(database, 'orders')).toBe(400);

    await seedDemo(database.db, { now: NOW, seed: 8, orders: 400, reset: true });
    expect(await codes(database)).not.toBe(first);
    expect(await count(database, 'events')).toBe(2);
  });
});

describe('seed --demo on PGlite', () => {
  // db/client.ts creates dataDir with mkdirSync, so 'memory://' would leave a "memory:"
  // folder in the working directory; a temp dir keeps the tree clean.
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketops-seed-'));
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({ dataDir });
    await database.migrate();
  });

  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the small demo into an empty database once', async () => {
    const started = performance.now();
    const result = await ensureDemoData(database.db, { now: NOW });
    expect(result.status).toBe('seeded');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await count(database, 'orders')).toBe(50);
    expect(await count(database, 'events')).toBe(2);
    const again = await ensureDemoData(database.db, { now: NOW });
    expect(again.status).toBe('skipped');
    expect(await count(database, 'orders')).toBe(50);
  });

  it('places the demo night a few days after now', async () => {
    const [event] = await rows<{ ms: string }>(
      database,
      sql`select (extract(epoch from starts_at) * 1000)::bigint::text as ms
        from events where slug = 'demo-night'`,
    );
    const startsAt = Number(event?.ms);
    expect(startsAt - NOW).toBeGreaterThan(3 * DAY);
    expect(startsAt - NOW).toBeLessThan(8 * DAY);
  });
});
