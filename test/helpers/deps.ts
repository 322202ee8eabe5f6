import type { Database } from '../../db/client.js';
import { createHandlerDeps } from '../../ops/app/handler-deps.js';
import type { HandlerDeps } from '../../ops/app/job-handlers.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { createInProcessEngine } from '../../ops/jobs/in-process.js';
import type { JobEngine } from '../../ops/jobs/types.js';
import { testLogger } from './log.js';

/** The dependencies job handlers get in a real process, over a test database and engine. */
export function handlerDeps(
  database: Database,
  overrides: Partial<HandlerDeps> & { jobs?: JobEngine } = {},
): HandlerDeps {
  const log = overrides.log ?? testLogger();
  return createHandlerDeps({
    db: database.db,
    jobs: overrides.jobs ?? createInProcessEngine({ log }),
    policy: parsePolicy(''),
    log,
    ...overrides,
  });
}

/** A channel sender that records what would go out, as grammY's tests capture API calls. */
export function recordingSender(channel: 'telegram' | 'discord' | 'whatsapp') {
  const sent: { chatId: string; text: string; buttons?: { id: string; label: string }[] }[] = [];
  let n = 0;
  return {
    sent,
    sender: {
      channel,
      async send(reply: {
        chatId: string;
        text: string;
        buttons?: { id: string; label: string }[];
      }) {
        sent.push({ chatId: reply.chatId, text: reply.text, buttons: reply.buttons });
        return { externalMessageId: `out-${++n}` };
      },
    },
  };
}
