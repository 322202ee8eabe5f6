import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { migrationsFolder } from '../../db/paths.js';
import { conversations, messages } from '../../db/schema/index.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps } from '../helpers/deps.js';

const EMAIL = 'Mia.Buyer@Example.com';

describe('email digests stored with messages', () => {
  let postgres: Database;
  let secondProcess: Database;
  let otherInstall: Database;
  let drop: () => Promise<void>;
  let counter = 0;

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    drop = testDb.drop;
    postgres = await openDatabase({ url: testDb.url, dataDir: '' });
    await postgres.migrate();
    // Another worker process on the same database: its own pool, nothing cached.
    secondProcess = await openDatabase({ url: testDb.url, dataDir: '' });
    // Another install altogether, on the embedded engine.
    otherInstall = await openDatabase({ dataDir: 'memory://' });
    await otherInstall.migrate();
  });

  afterAll(async () => {
    await secondProcess?.close();
    await postgres?.close();
    await otherInstall?.close();
    await drop?.();
  });

  /** The digest stored for the email in a message ingested through `database`. */
  async function storedDigest(database: Database, text: string) {
    const deps = handlerDeps(database);
    const id = `digest-${++counter}`;
    const result = await ingestMessage(deps, {
      channel: 'telegram',
      externalUserId: id,
      chatId: id,
      externalMessageId: id,
      text,
      receivedAt: new Date(),
    });
    await deps.jobs.close(1_000);
    if (result.status !== 'accepted') throw new Error('message not accepted');
    const [row] = await database.db
      .select()
      .from(messages)
      .where(eq(messages.id, result.messageId));
    const email = row!.entities?.find((e) => e.type === 'email');
    expect(email?.value).not.toContain('Mia.Buyer');
    return email!.digest!;
  }

  it('is not a plain SHA-256 of the address, which a dictionary reverses', async () => {
    const digest = await storedDigest(postgres, `my email is ${EMAIL}`);
    const plain = createHash('sha256').update(EMAIL.toLowerCase()).digest('hex');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toBe(plain);
  });

  it('is the same for the same address, in any process of one install', async () => {
    const first = await storedDigest(postgres, `email: ${EMAIL}`);
    const again = await storedDigest(postgres, `it's ${EMAIL.toLowerCase()} thanks`);
    const elsewhere = await storedDigest(secondProcess, `${EMAIL.toUpperCase()}`);
    expect(again).toBe(first);
    expect(elsewhere).toBe(first);
  });

  it('differs between installs', async () => {
    const here = await storedDigest(postgres, `email ${EMAIL}`);
    const there = await storedDigest(otherInstall, `email ${EMAIL}`);
    expect(there).not.toBe(here);
  });

  it('plain digests kept by earlier versions are dropped by the upgrade', async () => {
    const plain = createHash('sha256').update('old@example.com').digest('hex');
    const [conversation] = await postgres.db
      .insert(conversations)
      .values({
        channel: 'telegram',
        chatId: `old-${Date.now()}`,
        awaiting: {
          kind: 'verification',
          intent: 'get_refund',
          context: { orderCode: 'ORD-7F3K2', emailDigest: plain },
        },
      })
      .returning();
    const [message] = await postgres.db
      .insert(messages)
      .values({
        conversationId: conversation!.id,
        direction: 'inbound',
        channel: 'telegram',
        text: 'ORD-7F3K2 o•••@example.com',
        entities: [
          { type: 'order_code', value: 'ORD-7F3K2', start: 0, end: 9 },
          { type: 'email', value: 'o•••@example.com', start: 10, end: 25, digest: plain },
        ],
      })
      .returning();
    // The migration's hand-written statements, run again over rows an older version wrote.
    const file = readdirSync(migrationsFolder()).find((f) =>
      f.endsWith('_verification_secrets_audit_head.sql'),
    );
    const statements = readFileSync(join(migrationsFolder(), file!), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => /^UPDATE/m.test(s));
    expect(statements).toHaveLength(2);
    for (const statement of statements) await postgres.db.execute(sql.raw(statement));

    const [scrubbed] = await postgres.db
      .select()
      .from(messages)
      .where(eq(messages.id, message!.id));
    expect(scrubbed!.entities).toEqual([
      { type: 'order_code', value: 'ORD-7F3K2', start: 0, end: 9 },
      { type: 'email', value: 'o•••@example.com', start: 10, end: 25 },
    ]);
    const [waiting] = await postgres.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversation!.id));
    expect(waiting!.awaiting?.context).toEqual({ orderCode: 'ORD-7F3K2' });
  });
});
