import type { Logger } from '../logger.js';
import { createBullmqEngine } from './bullmq.js';
import { createInProcessEngine } from './in-process.js';
import type { JobEngine } from './types.js';

/** BullMQ when Redis is configured, the in-process runner otherwise (docs/architecture.md, wiring). */
export function createJobEngine(options: {
  redisUrl: string | undefined;
  log: Logger;
  prefix?: string;
  concurrency?: number;
}): JobEngine {
  const log = options.log.child({ component: 'jobs' });
  return options.redisUrl
    ? createBullmqEngine({ ...options, redisUrl: options.redisUrl, log })
    : createInProcessEngine({ ...options, log });
}
