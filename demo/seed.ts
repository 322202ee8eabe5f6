/** Seeds the demo: `ticketops seed --demo` and the first `ticketops start` on an empty
 * database. An advisory lock makes two processes starting together seed once. Small demos
 * (and PGlite) are written in one transaction. Large ones on PostgreSQL are written over
 * several connections: the events stay `draft` until the last chunk is in, so an
 * interrupted run is recognisable and `--reset` clears it. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { CUSTOMERS, EVENTS, RowBatch, TICKET_TYPES } from './batches.js';
import { DEMO_EVENT_SLUG, DEMO_EVENT_SLUGS, PAST_EVENT_SLUG } from './catalog.js';
import { customerCountFor, demoCustomer, demoCustomerEmail } from './customers.js';
import { type DemoEvent, planDemoEvents } from './events.js';
import { DEFAULT_DEMO_ORDERS, DEFAULT_DEMO_SEED, MAX_DEMO_ORDERS } from './limits.js';
import { DemoOrderGenerator } from './orders.js';
import { type SqlRunner, selectNumber, type WipeResult, wipeDemoData } from './reset.js';
import { Rng, seedFromString } from './rng.js';
import { type BatchSink, parallelSink, serialSink } from './sinks.js';

// Any fixed number: every process seeding the same database takes this lock.
const SEED_LOCK_KEY = 727_2001;
/** ~9k tickets per chunk: statements of a few MB, memory bounded by chunks in flight. */
const ORDERS_PER_CHUNK = 5_000;
const CUSTOMERS_PER_CHUNK = 10_000;

export type SeedProgress = { phase: 'customers' | 'orders'; done: number; total: number };

export type DemoSeedOptions = {
  now?: Date | number;
  seed?: string | number;
  orders?: number;
  /** Remove an existing demo first instead of skipping. */
  reset?: boolean;
  /** Seed only into a database without any event (what `start` wants). */
  onlyIfEmpty?: boolean;
  /** PostgreSQL connections to write with; 1 (the default, and all PGlite can do) writes
   * everything in one transaction. */
  connections?: number;
  onProgress?: (progress: SeedProgress) => void;
};

export type DemoCounts = {
  events: number;
  ticketTypes: number;
  customers: number;
  orders: number;
  tickets: number;
  scans: number;
};

export type DemoSeedResult =
  | {
      status: 'seeded';
      seed: number;
      counts: DemoCounts;
      rows: number;
      elapsedMs: number;
      wiped: WipeResult | null;
    }
  | {
      status: 'skipped';
      reason: 'demo_exists' | 'demo_incomplete' | 'database_not_empty';
      message: string;
    };

type Plan = {
  seed: number;
  now: number;
  orders: number;
  onProgress?: DemoSeedOptions['onProgress'];
};

export async function seedDemo(db: Db, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const started = performance.now();
  const orders = options.orders ?? DEFAULT_DEMO_ORDERS;
  if (!Number.isInteger(orders) || orders < 1 || orders > MAX_DEMO_ORDERS) {
    throw new RangeError(`demo: orders must be an integer from 1 to ${MAX_DEMO_ORDERS}`);
  }
  const plan: Plan = {
    seed: seedFromString(options.seed ?? DEFAULT_DEMO_SEED),
    now: options.now === undefined ? Date.now() : Number(options.now),
    orders,
    onProgress: options.onProgress,
  };
  const connections = Math.max(1, Math.floor(options.connections ?? 1));
  const outcome = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const skipped = await reasonToSkip(tx, options);
    if (skipped) return skipped;
    if (connections === 1) {
      const wiped = options.reset ? await wipeDemoData(tx) : null;
      return { counts: await writeDemo(plan, serialSink(tx), false), wiped };
    }
    // The lock stays held by this open transaction while other connections write.
    const wiped = options.reset ? await db.transaction((w) => wipeDemoData(w)) : null;
    try {
      const counts = await writeDemo(plan, parallelSink(db, connections), true);
      await publish(tx);
      return { counts, wiped };
    } catch (error) {
      // Leave no draft behind if we can; if the database is gone, --reset clears it later.
      await db.transaction((w) => wipeDemoData(w)).catch(() => {});
      throw error;
    }
  });
  if ('status' in outcome) return outcome;
  const rows = Object.values(outcome.counts).reduce((sum, n) => sum + n, 0);
  const elapsedMs = performance.now() - started;
  return { status: 'seeded', seed: plan.seed, rows, elapsedMs, ...outcome };
}

/** `start` calls this: the small demo, only into a database that has no event at all. */
export function ensureDemoData(
  db: Db,
  options: { now?: Date | number } = {},
): Promise<DemoSeedResult> {
  return seedDemo(db, { ...options, onlyIfEmpty: true });
}

async function reasonToSkip(
  db: SqlRunner,
  options: DemoSeedOptions,
): Promise<Extract<DemoSeedResult, { status: 'skipped' }> | null> {
  if (options.onlyIfEmpty) {
    const events = await selectNumber(db, sql`select count(*) from events`);
    if (events > 0) {
      const message = `the database already has ${events} event(s); demo data not added`;
      return { status: 'skipped', reason: 'database_not_empty', message };
    }
  }
  if (options.reset) return null;
  const drafts = await selectNumber(
    db,
    sql`select count(*) filter (where status = 'draft') * 1000 + count(*) from events where slug = ${DEMO_EVENT_SLUG}`,
  );
  if (drafts === 0) return null;
  if (drafts >= 1000) {
    const message = `an earlier demo seed did not finish; run again with --reset`;
    return { status: 'skipped', reason: 'demo_incomplete', message };
  }
  const message = `demo event "${DEMO_EVENT_SLUG}" already exists; nothing seeded (use --reset to replace it)`;
  return { status: 'skipped', reason: 'demo_exists', message };
}

/** The last step of a parallel seed: the demo's events go from draft to what they are. */
async function publish(tx: SqlRunner): Promise<void> {
  await tx.execute(sql`update events
    set status = case when slug = ${PAST_EVENT_SLUG} then 'ended' else 'on_sale' end
    where slug = any(${sql.param([...DEMO_EVENT_SLUGS])}::text[]) and status = 'draft'`);
}

async function writeDemo(plan: Plan, sink: BatchSink, asDraft: boolean): Promise<DemoCounts> {
  const { seed, now, orders } = plan;
  const rng = new Rng();
  const events = planDemoEvents(seed, now, orders, rng);
  const eventList = [events.upcoming, events.past];
  const customers = customerCountFor(orders);
  const types = typeRows(eventList);
  const counts: DemoCounts = {
    events: eventList.length,
    ticketTypes: types.size,
    customers,
    orders,
    tickets: 0,
    scans: 0,
  };
  await sink.write([eventRows(eventList, asDraft), types]);
  await sink.drain();

  for (let from = 0; from < customers; from += CUSTOMERS_PER_CHUNK) {
    const to = Math.min(customers, from + CUSTOMERS_PER_CHUNK);
    const batch = new RowBatch(CUSTOMERS);
    for (let k = from; k < to; k++) {
      const c = demoCustomer(seed, k, customers, now, rng);
      batch.push([c.id, demoCustomerEmail(c, k), c.name, c.tier, c.country, c.createdAt]);
    }
    await sink.write([batch]);
    plan.onProgress?.({ phase: 'customers', done: to, total: customers });
  }
  // Orders point at customers: all of them must be committed first.
  await sink.drain();

  const generator = new DemoOrderGenerator(seed, now, events, customers, orders);
  for (let from = 0; from < orders; from += ORDERS_PER_CHUNK) {
    const to = Math.min(orders, from + ORDERS_PER_CHUNK);
    const chunk = generator.chunk(from, to);
    counts.tickets += chunk.tickets.size;
    counts.scans += chunk.scans.size;
    await sink.write([chunk.orders, chunk.tickets, chunk.scans]);
    plan.onProgress?.({ phase: 'orders', done: to, total: orders });
  }
  await sink.drain();
  return counts;
}

function eventRows(list: DemoEvent[], asDraft: boolean): RowBatch {
  const batch = new RowBatch(EVENTS);
  for (const e of list) {
    const status = asDraft ? 'draft' : e.status;
    const times = [e.startsAt, e.doorsAt, e.endsAt];
    const stamps = [e.createdAt, e.createdAt];
    batch.push([
      e.id,
      e.slug,
      e.name,
      e.venue,
      e.timezone,
      ...times,
      e.capacity,
      status,
      ...stamps,
    ]);
  }
  return batch;
}

function typeRows(list: DemoEvent[]): RowBatch {
  const batch = new RowBatch(TICKET_TYPES);
  for (const e of list) {
    for (const t of e.ticketTypes) {
      batch.push([t.id, e.id, t.name, t.priceMinor, t.currency, t.capacity, e.createdAt]);
    }
  }
  return batch;
}
