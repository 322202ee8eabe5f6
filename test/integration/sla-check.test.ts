import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { auditLog, cases } from '../../db/schema/index.js';
import { createJobHandlers } from '../../ops/app/job-handlers.js';
import type { JobEngine } from '../../ops/jobs/types.js';
import { createMigratedTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps } from '../helpers/deps.js';
import { JOB_ENGINES } from '../helpers/job-engines.js';
import { waitFor } from '../helpers/wait.js';

describe.each(JOB_ENGINES)('SLA check on the $name', ({ make }) => {
  let database: Database;
  let drop: () => Promise<void>;
  let engine: JobEngine;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await createMigratedTestDatabase());
  });

  afterEach(async () => {
    await engine?.close(5_000);
    await cleanup?.();
  });

  afterAll(async () => {
    await drop?.();
  });

  it('runs again at the due time when it fired early, and records the breach then', async () => {
    ({ engine, cleanup } = await make());
    await engine.work(createJobHandlers(handlerDeps(database, { jobs: engine })), ['triage']);
    const due = new Date(Date.now() + 1_500);
    const [row] = await database.db
      .insert(cases)
      .values({
        intent: 'human_agent',
        category: 'general',
        severity: 'P1',
        queue: 'general',
        firstResponseDueAt: due,
        resolutionDueAt: new Date(due.getTime() + 3600_000),
      })
      .returning();
    // The delayed job fires before the case is due (a worker whose clock runs behind, a
    // delay computed on another machine): here, at once.
    await engine.enqueue('cases.sla_check', { caseId: row!.id, clock: 'first_response' });

    const breached = await waitFor('the SLA breach to be recorded', async () => {
      const [now] = await database.db.select().from(cases).where(eq(cases.id, row!.id));
      return (now!.fields.sla_breaches as Record<string, string> | undefined)?.first_response;
    });
    // Recorded when the check ran again, not when it first fired.
    expect(new Date(breached).getTime()).toBeGreaterThanOrEqual(due.getTime());
    const trail = await database.db.select().from(auditLog).where(eq(auditLog.subject, row!.id));
    expect(trail.map((r) => [r.action, r.details.clock])).toEqual([
      ['case.sla_breached', 'first_response'],
    ]);
  });
});
