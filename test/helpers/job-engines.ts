import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import { createInProcessEngine } from '../../ops/jobs/in-process.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { testLogger } from './log.js';

/** Both job engines, for `describe.each`: every handler is tested on BullMQ over real Redis
 * (a fresh key prefix, dropped by `cleanup`) and on the in-process runner of the embedded
 * default. */
export const JOB_ENGINES = [
  {
    name: 'BullMQ on real Redis',
    async make() {
      const url = await requireRedis();
      const prefix = uniquePrefix();
      const engine = createBullmqEngine({ redisUrl: url, prefix, log: testLogger() });
      return { engine, cleanup: () => dropPrefix(url, prefix) };
    },
  },
  {
    name: 'in-process runner',
    async make() {
      return { engine: createInProcessEngine({ log: testLogger() }), cleanup: async () => {} };
    },
  },
];
