import { describeIssues } from '../config/index.js';
import { PermanentError, TicketopsError, ValidationError } from '../errors.js';
import { type JobName, type JobPayload, jobCatalog } from './catalog.js';
import { safeJobId } from './define.js';
import type { EnqueueOptions, JobContext, JobHandlers } from './types.js';

export class JobTimeoutError extends TicketopsError {}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

/** Validates a payload against the catalog and works out its job id. Both engines call this
 * on enqueue, so bad work is refused at the door, not discovered by a worker later. */
export function prepareJob<K extends JobName>(
  name: K,
  payload: JobPayload<K>,
  options: EnqueueOptions = {},
) {
  const definition = jobCatalog[name];
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    throw new ValidationError(
      `job ${name}: invalid payload:\n${describeIssues(parsed.error.issues)}`,
      {
        job: name,
      },
    );
  }
  const data = parsed.data as JobPayload<K>;
  const derived = options.jobId ?? definition.jobId?.(data as never);
  return { definition, data, id: derived ? safeJobId(`${name}-${derived}`) : undefined };
}

/** Runs one attempt: re-validates the stored payload (it may come from an older version
 * through Redis), calls the handler, and fails the attempt when it overruns its timeout. */
export async function runJob(
  handlers: JobHandlers,
  name: string,
  rawPayload: unknown,
  ctx: Omit<JobContext, 'signal'>,
): Promise<unknown> {
  if (!isJobName(name)) throw new PermanentError(`unknown job ${name}`, { job: name });
  const definition = jobCatalog[name];
  const parsed = definition.schema.safeParse(rawPayload);
  if (!parsed.success) {
    throw new ValidationError(
      `job ${name}: invalid payload:\n${describeIssues(parsed.error.issues)}`,
    );
  }
  const handler = handlers[name] as (p: unknown, c: JobContext) => Promise<unknown>;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new JobTimeoutError(`job ${name} timed out after ${definition.timeoutMs} ms`));
    }, definition.timeoutMs);
  });
  try {
    return await Promise.race([
      handler(parsed.data, { ...ctx, signal: controller.signal }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
