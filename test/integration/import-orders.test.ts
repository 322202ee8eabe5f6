import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerImport } from '../../bot/commands/import.js';
import type { Database } from '../../db/client.js';
import {
  auditLog,
  customers,
  events,
  orders,
  tickets,
  ticketTypes,
} from '../../db/schema/index.js';
import { importOrdersCsv } from '../../ops/imports/orders-csv.js';
import { createMigratedTestDatabase } from '../../testkit/test-database.js';

const HEADER =
  'order_code,event_slug,email,name,ticket_type,quantity,total,fee_minor,currency,status,stripe_payment_intent,billing_country,ip_country,created_at,holder_names';

/** BOM, CRLF, a quoted name with a comma and a quote, a quoted holder list spanning two
 * physical lines, a two-row order, and three bad rows. */
const FILE = [
  `\uFEFF${HEADER.toUpperCase()}`,
  'ORD-AAAA1,dockside-2031,Ana@Example.com,"Ana ""Annie"" Lopez, Jr.",GA,2,90.00,500,eur,paid,pi_ana001,ES,ES,2031-03-01T10:00:00Z,Ana;Ben',
  'ORD-AAAA2,dockside-2031,carl@example.com,Carl,vip,1,120,0,EUR,refunded,,DE,PL,2031-03-02T10:00:00+01:00,',
  'ORD-BAD01,dockside-2031,not-an-email,Dee,GA,1,45.00,0,EUR,paid,,,,,',
  'ORD-AAAA3,dockside-2031,ana@example.com,Ana,GA,1,45.5,0,EUR,paid,,,,,"Ana',
  'Smith"',
  'ORD-AAAA4,dockside-2031,eve@example.com,Eve,GA,1,165.00,0,EUR,paid,pi_eve001,FR,FR,,',
  'ORD-AAAA4,dockside-2031,eve@example.com,Eve,VIP,1,165.00,0,EUR,paid,pi_eve001,FR,FR,,',
  'ORD-BAD02,no-such-event,fay@example.com,Fay,GA,1,45.00,0,EUR,paid,,,,,',
  '',
  'ORD-BAD03,dockside-2031,gus@example.com,Gus,Balcony,1,45.00,0,EUR,paid,,,,,',
  'ORD-AAAA5,dockside-2031,hal@example.com,Hal,GA,1,45.123,0,EUR,paid,,,,,',
].join('\r\n');

describe('ticketops import orders (CSV) on PostgreSQL', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    const testDb = await createMigratedTestDatabase();
    ({ database, drop } = testDb);
    process.env.DATABASE_URL = testDb.url;
    dir = mkdtempSync(join(tmpdir(), 'ticketops-import-'));
    const [event] = await database.db
      .insert(events)
      .values({
        slug: 'dockside-2031',
        name: 'Dockside',
        venue: 'Warehouse 9',
        startsAt: new Date('2031-07-01T19:00:00Z'),
        doorsAt: new Date('2031-07-01T18:00:00Z'),
        endsAt: new Date('2031-07-01T23:00:00Z'),
        capacity: 300,
      })
      .returning();
    await database.db.insert(ticketTypes).values([
      { eventId: event!.id, name: 'GA', priceMinor: 4_500, currency: 'EUR', capacity: 250 },
      { eventId: event!.id, name: 'VIP', priceMinor: 12_000, currency: 'EUR', capacity: 50 },
    ]);
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await drop?.();
  });

  const run = (text: string, batchSize?: number) =>
    importOrdersCsv(database.db, Readable.from([Buffer.from(text, 'utf8')]), {
      batchSize,
      sourceName: 'orders.csv',
    });

  const totals = async () => {
    const [o] = await database.db.select({ n: count() }).from(orders);
    const [t] = await database.db.select({ n: count() }).from(tickets);
    const [c] = await database.db.select({ n: count() }).from(customers);
    return { orders: o!.n, tickets: t!.n, customers: c!.n };
  };

  it('imports the good rows and reports each bad one with its line and reason', async () => {
    // A batch size of 2 makes the multi-row order and the rejections cross batch borders.
    const summary = await run(FILE, 2);
    expect(summary).toMatchObject({
      rows: 9,
      imported: 4,
      skippedExisting: 0,
      tickets: 6,
      customersCreated: 3,
    });
    expect(summary.rejected).toEqual([
      {
        line: 4,
        orderCode: 'ORD-BAD01',
        reason: expect.stringMatching(/^email: expected an email address/),
      },
      { line: 9, orderCode: 'ORD-BAD02', reason: 'no event "no-such-event"' },
      { line: 11, orderCode: 'ORD-BAD03', reason: 'no ticket type "Balcony" for dockside-2031' },
      {
        line: 12,
        orderCode: 'ORD-AAAA5',
        reason: expect.stringMatching(/too many decimals for EUR/),
      },
    ]);

    const [ana] = await database.db.select().from(orders).where(eq(orders.code, 'ORD-AAAA1'));
    expect(ana).toMatchObject({
      status: 'paid',
      subtotalMinor: 8_500,
      feeMinor: 500,
      totalMinor: 9_000,
      currency: 'EUR',
      stripePaymentIntentId: 'pi_ana001',
      billingCountry: 'ES',
      createdAt: new Date('2031-03-01T10:00:00Z'),
    });
    const holders = await database.db
      .select({ name: tickets.holderName, status: tickets.status })
      .from(tickets)
      .where(eq(tickets.orderId, ana!.id))
      .orderBy(asc(tickets.holderName));
    expect(holders).toEqual([
      { name: 'Ana', status: 'valid' },
      { name: 'Ben', status: 'valid' },
    ]);
    const [buyer] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.id, ana!.customerId));
    expect(buyer).toMatchObject({ email: 'ana@example.com', name: 'Ana "Annie" Lopez, Jr.' });

    // The quoted holder name kept its line break; one customer for both of Ana's orders.
    const [third] = await database.db.select().from(orders).where(eq(orders.code, 'ORD-AAAA3'));
    expect(third?.customerId).toBe(ana?.customerId);
    expect(third?.totalMinor).toBe(4_550);
    const [thirdTicket] = await database.db
      .select()
      .from(tickets)
      .where(eq(tickets.orderId, third!.id));
    expect(thirdTicket?.holderName).toBe('Ana\nSmith');

    const [carl] = await database.db.select().from(orders).where(eq(orders.code, 'ORD-AAAA2'));
    expect(carl).toMatchObject({
      status: 'refunded',
      ipCountry: 'PL',
      createdAt: new Date('2031-03-02T09:00:00Z'),
    });
    const carlTickets = await database.db
      .select()
      .from(tickets)
      .where(eq(tickets.orderId, carl!.id));
    expect(carlTickets.map((t) => t.status)).toEqual(['void']);

    const [eve] = await database.db.select().from(orders).where(eq(orders.code, 'ORD-AAAA4'));
    const eveTickets = await database.db.select().from(tickets).where(eq(tickets.orderId, eve!.id));
    expect(eveTickets).toHaveLength(2);
    expect(new Set(eveTickets.map((t) => t.ticketTypeId)).size).toBe(2);

    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'orders.imported'));
    expect(entry).toMatchObject({ actor: 'import', subject: 'csv:orders.csv' });
    expect(entry?.details).toMatchObject({ imported: 4, tickets: 6, rejected: 4 });
  });

  it('creates nothing new when the same file is imported again', async () => {
    const before = await totals();
    const summary = await run(FILE);
    expect(summary).toMatchObject({
      imported: 0,
      skippedExisting: 4,
      tickets: 0,
      customersCreated: 0,
    });
    expect(summary.rejected).toHaveLength(4);
    expect(await totals()).toEqual(before);
  });

  it('rejects an order whose rows disagree or are scattered, and a reused payment intent', async () => {
    const summary = await run(
      [
        HEADER,
        'ORD-CCCC1,dockside-2031,ida@example.com,Ida,GA,1,90.00,0,EUR,paid,,,,,',
        'ORD-CCCC1,dockside-2031,ida@example.com,Ida,GA,1,95.00,0,EUR,paid,,,,,',
        'ORD-CCCC2,dockside-2031,jo@example.com,Jo,GA,1,45.00,0,EUR,paid,pi_ana001,,,,',
        'ORD-CCCC1,dockside-2031,ida@example.com,Ida,VIP,1,90.00,0,EUR,paid,,,,,',
      ].join('\n'),
    );
    expect(summary.rejected).toEqual([
      { line: 3, orderCode: 'ORD-CCCC1', reason: 'total differs from line 2 of the same order' },
      {
        line: 4,
        orderCode: 'ORD-CCCC2',
        reason: 'stripe_payment_intent pi_ana001 belongs to another order',
      },
      {
        line: 5,
        orderCode: 'ORD-CCCC1',
        reason: 'order_code also on line 2: keep the rows of one order together',
      },
    ]);
    expect(summary.imported).toBe(1);
  });

  it('reports a row with the wrong number of fields and goes on', async () => {
    const summary = await run(
      [
        HEADER,
        'ORD-DDDD1,dockside-2031,kim@example.com,Kim,GA,1,45.00,0,EUR,paid,,,,,,extra',
        'ORD-DDDD2,dockside-2031,lou@example.com,Lou,GA,1,45.00,0,EUR,paid,,,,,',
      ].join('\n'),
    );
    expect(summary.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/Invalid Record Length/) },
    ]);
    expect(summary.imported).toBe(1);
  });

  it('refuses a file whose header lacks required columns', async () => {
    await expect(run('order_code,email\nORD-EEEE1,x@example.com\n')).rejects.toThrow(
      /header lacks event_slug, ticket_type, currency, total_minor or total/,
    );
  });

  it('runs as `ticketops import orders FILE` and prints a summary', async () => {
    const file = join(dir, 'more.csv');
    writeFileSync(
      file,
      [HEADER, 'ORD-FFFF1,dockside-2031,max@example.com,Max,VIP,2,240.00,0,EUR,paid,,,,,'].join(
        '\n',
      ),
    );
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const program = new Command('ticketops').exitOverride();
      registerImport(program);
      await program.parseAsync(['node', 'ticketops', 'import', 'orders', file, '--quiet']);
      await program.parseAsync(['node', 'ticketops', 'import', 'orders', file, '--quiet']);
    } finally {
      write.mockRestore();
    }
    expect(out.join('')).toContain(
      'imported 1 orders (2 tickets, 1 new customers), skipped 0 already imported, rejected 0 rows',
    );
    expect(out.join('')).toContain(
      'imported 0 orders (0 tickets, 0 new customers), skipped 1 already imported, rejected 0 rows',
    );
    expect(process.exitCode ?? 0).toBe(0);
  });
});
