import type { FastifyInstance } from 'fastify';
import type { ChannelAdapter } from '../../ops/channels/index.js';
import type { Env, Policy } from '../../ops/config/index.js';
import type { Logger } from '../../ops/logger.js';

/** What a platform adapter is built from. The bot process builds every adapter before its
 * HTTP server listens, so an adapter that takes webhooks (Telegram with a public URL)
 * registers its route on `http` inside its factory; it connects later, in `start`. */
export type ChannelSetup = {
  env: Env;
  policy: Policy;
  log: Logger;
  /** the process's HTTP server, not listening yet; undefined in a process without one */
  http: FastifyInstance | undefined;
};

/** Builds one platform's adapter, or returns null when its settings are absent (the
 * channel is off). A bad setting throws a ValidationError naming it. */
export type ChannelFactory = (setup: ChannelSetup) => ChannelAdapter | null;
