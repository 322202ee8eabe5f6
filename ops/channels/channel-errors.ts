import { ExternalServiceError } from '../errors.js';

/** The platform asked us to slow down (HTTP 429, a flood wait). Retryable; `retryAfterMs`
 * is the wait it named, when it named one. */
export class ChannelRateLimited extends ExternalServiceError {
  constructor(
    channel: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(channel, message, true, { retryAfterMs });
  }
}

/** The platform could not be reached (network, 5xx, gateway down). Retryable. */
export class ChannelUnreachable extends ExternalServiceError {
  constructor(channel: string, message: string, options?: { cause?: unknown }) {
    super(channel, message, true, {}, options);
  }
}

/** The recipient is gone for good (blocked the bot, chat deleted, user unknown). Permanent:
 * retrying sends nothing; the reply stays stored for staff to see. */
export class ChannelRecipientGone extends ExternalServiceError {
  constructor(channel: string, message: string) {
    super(channel, message, false, {});
  }
}
