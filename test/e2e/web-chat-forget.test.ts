import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootProcess, type RunningProcess } from '../../bot/process.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { launchChromium } from '../helpers/chromium.js';
import { givenPaidOrder } from '../helpers/orders.js';

describe('web chat "Forget me" in a real browser', () => {
  let running: RunningProcess;
  let browser: Browser;
  let dropDb: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'tops-forget-'));

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    dropDb = testDb.drop;
    // In-process jobs: this test is about the page, not the queue.
    running = await bootProcess('start', {
      env: {
        DATABASE_URL: testDb.url,
        REDIS_URL: '',
        PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dir,
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clears the verified chat from the screen, and a reload does not bring it back', async () => {
    const { order, customer } = await givenPaidOrder(running.runtime.database.db);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${running.url}/chat`);
      await page.fill('#text', `I want a refund for ${order.code}, my email is ${customer.email}`);
      await page.click('#send');
      await page.locator('.msg.bot', { hasText: order.code }).waitFor();

      await page.click('#forget');
      await page.locator('#status', { hasText: 'no longer shows your chat' }).waitFor();
      expect(await page.locator('.msg').count()).toBe(0);
      expect((await context.cookies()).find((c) => c.name === 'tops_chat')).toBeUndefined();

      await page.reload();
      await page.locator('#composer').waitFor();
      // The page's first poll has come back (it shows nothing) before counting.
      await page.waitForResponse((r) => r.url().includes('/api/chat/messages'));
      expect(await page.locator('.msg').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
