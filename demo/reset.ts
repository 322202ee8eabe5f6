/** `seed --demo --reset`: removes a previous demo (its two events, everything hanging off
 * them, and the demo buyers on example domains) so a new one can be seeded. Rows a user
 * created while trying the demo (cases, approvals, risk reviews, incidents) go with it. The
 * audit log is append-only and keeps its rows. */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { DEMO_EMAIL_DOMAINS, DEMO_EVENT_SLUGS } from './catalog.js';

export type SqlRunner = Pick<Db, 'execute'>;

export type WipeResult = { events: number; orders: number; tickets: number };

/** First column of the first row as a number, on either driver (both answer `{ rows }`). */
export async function selectNumber(db: SqlRunner, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0];
  return row ? Number(Object.values(row)[0] ?? 0) : 0;
}

export async function wipeDemoData(db: SqlRunner): Promise<WipeResult> {
  const slugs = sql.param([...DEMO_EVENT_SLUGS]);
  const domains = sql.param([...DEMO_EMAIL_DOMAINS]);
  // The id sets first, in temp tables dropped at commit: every delete below reads them
  // instead of repeating the joins.
  await db.execute(sql`create temp table wipe_events on commit drop as
    select id from events where slug = any(${slugs}::text[])`);
  await db.execute(sql`create temp table wipe_orders on commit drop as
    select id from orders where event_id in (select id from wipe_events)`);
  await db.execute(sql`create temp table wipe_customers on commit drop as
    select c.id from customers c
    where split_part(c.email, '@', 2) = any(${domains}::text[])
      and not exists (select 1 from orders o
        where o.customer_id = c.id and o.id not in (select id from wipe_orders))`);
  await db.execute(sql`create temp table wipe_cases on commit drop as
    select id from cases
    where event_id in (select id from wipe_events) or order_id in (select id from wipe_orders)
      or customer_id in (select id from wipe_customers)`);
  const result: WipeResult = {
    events: await selectNumber(db, sql`select count(*) from wipe_events`),
    orders: await selectNumber(db, sql`select count(*) from wipe_orders`),
    tickets: await selectNumber(
      db,
      sql`select count(*) from tickets where event_id in (select id from wipe_events)`,
    ),
  };

  // Children before parents: the foreign keys are NO ACTION.
  const statements = [
    sql`delete from approvals where order_id in (select id from wipe_orders)
      or case_id in (select id from wipe_cases)`,
    sql`delete from risk_reviews where order_id in (select id from wipe_orders)`,
    sql`delete from incidents where event_id in (select id from wipe_events)`,
    sql`delete from scans where event_id in (select id from wipe_events)`,
    sql`delete from cases where id in (select id from wipe_cases)`,
    sql`delete from tickets where event_id in (select id from wipe_events)`,
    sql`delete from orders where id in (select id from wipe_orders)`,
    // ticket_types follow their event (ON DELETE CASCADE).
    sql`delete from events where id in (select id from wipe_events)`,
    sql`update conversations set customer_id = null
      where customer_id in (select id from wipe_customers)`,
    sql`delete from customers where id in (select id from wipe_customers)`,
  ];
  for (const statement of statements) await db.execute(statement);
  return result;
}
