import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import { chatMessages, findChatMessage } from '../../../db/queries/chat.js';
import type { Runtime } from '../../../ops/app/index.js';
import { describeIssues } from '../../../ops/config/index.js';
import { ValidationError } from '../../../ops/errors.js';
import { MAX_MESSAGE_CHARS } from '../../../ops/pipeline/index.js';
import type { WebChannel } from '../../channels/web/web-channel.js';
import { CHAT_SCRIPT, CHAT_STYLE } from '../assets/chat-client.js';
import { ChatSessions } from '../chat-sessions.js';

const postBody = z.object({
  text: z.string().refine((t) => t.trim().length > 0, 'message is empty'),
  clientMessageId: z.uuid('expected a UUID'),
});
const afterQuery = z.object({ after: z.string().max(100).optional() });

/** Messages one chat session may post per minute. Far above what a person types; it stops a
 * script from filling the database. The bot's own per-buyer limit (policy
 * `buyer_messages_per_minute`) decides what it answers. */
export const CHAT_POSTS_PER_MINUTE = 30;
/** Posts per minute from one address, whatever the sessions: a script minting sessions gets
 * no further, while a venue's shared Wi-Fi still fits ten buyers typing at full speed. */
export const CHAT_POSTS_PER_ADDRESS_PER_MINUTE = 300;
/** Chat pages (each may mint a session) per minute from one address. */
export const CHAT_PAGES_PER_ADDRESS_PER_MINUTE = 60;

const tooMany = (_request: FastifyRequest, context: { after: string }) => ({
  statusCode: 429,
  error: `too many messages: wait ${context.after} and send again`,
});
const byAddress = (name: string, max: number) => ({
  max,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => `${name}:${request.ip}`,
  errorResponseBuilder: tooMany,
});

/** `after` is an ISO time or the id of a message the buyer already has. */
async function cursorTime(db: Db, session: string, after: string | undefined) {
  if (!after) return undefined;
  const time = new Date(after);
  if (!Number.isNaN(time.getTime()) && /^\d{4}-/.test(after)) return time;
  const row = await findChatMessage(db, session, after);
  if (!row) throw new ValidationError('after: expected an ISO time or a message id from this chat');
  return row.visibleAt;
}

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Chat with us · Ticketops</title>
<style>${CHAT_STYLE}</style></head><body><div class="chat">
<header><button id="forget" type="button" title="Sign this browser out of the chat, for a shared computer">Forget me</button><h1>Questions about your tickets?</h1><p>Ask here: refunds, transfers, delivery, the event. A person takes over when needed.</p></header>
<ol id="messages" aria-live="polite"></ol><p id="status" class="status" role="status"></p>
<form id="composer"><textarea id="text" name="text" placeholder="Type your message…" aria-label="Message" maxlength="${MAX_MESSAGE_CHARS}" required></textarea>
<button id="send" type="submit">Send</button></form></div><script src="/chat/app.js" defer></script></body></html>`;

/** The buyer web chat: `/chat` and its JSON API. The chat is one more channel ('web'): the
 * session id is the buyer's external user id and chat id, and messages go through the same
 * ingest as Telegram's. Replies are read back from the database (see sendReply). */
export function registerChatRoutes(
  app: FastifyInstance,
  runtime: Runtime,
  secret: string,
  options: { now?: () => Date; web?: WebChannel } = {},
) {
  const sessions = new ChatSessions(
    secret,
    runtime.policy.channels.web.session_idle_minutes * 60_000,
    options.now,
  );
  const postLimit = {
    max: CHAT_POSTS_PER_MINUTE,
    timeWindow: 60_000,
    // Without a valid session the post is counted against its address.
    keyGenerator: (request: FastifyRequest) => {
      const session = sessions.of(request);
      return session ? `chat:${session}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: tooMany,
  };
  app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(rateLimit, { global: false });

    scope.get(
      '/chat',
      { config: { rateLimit: byAddress('page', CHAT_PAGES_PER_ADDRESS_PER_MINUTE) } },
      async (request, reply) => {
        sessions.ensure(request, reply);
        return reply
          .type('text/html; charset=utf-8')
          .header(
            'content-security-policy',
            "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          )
          .send(page);
      },
    );
    // The plugin runs one limiter per request, so the address-wide cap on posts is checked
    // by hand, after the per-session one.
    const addressPosts = scope.createRateLimit(
      byAddress('posts', CHAT_POSTS_PER_ADDRESS_PER_MINUTE),
    );

    scope.get('/chat/app.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(CHAT_SCRIPT),
    );

    scope.post(
      '/api/chat/messages',
      { config: { rateLimit: postLimit } },
      async (request, reply) => {
        const parsed = postBody.safeParse(request.body);
        if (!parsed.success)
          return reply.code(400).send({ error: describeIssues(parsed.error.issues) });
        if (parsed.data.text.length > MAX_MESSAGE_CHARS) {
          return reply
            .code(413)
            .send({ error: `message too long: at most ${MAX_MESSAGE_CHARS} characters` });
        }
        const address = await addressPosts(request);
        if (!address.isAllowed && address.isExceeded) {
          return reply
            .code(429)
            .header('retry-after', String(address.ttlInSeconds))
            .send({ error: `too many messages from this address: wait ${address.ttlInSeconds} s` });
        }
        // Writing is what keeps a session alive; an ended one is replaced by a new one.
        const session = sessions.touch(request, reply);
        options.web?.heard();
        try {
          const result = await runtime.useCases.ingestMessage({
            channel: 'web',
            externalUserId: session,
            chatId: session,
            externalMessageId: `${session}:${parsed.data.clientMessageId}`,
            text: parsed.data.text,
            locale: preferredLanguage(request.headers['accept-language']),
            receivedAt: new Date(),
          });
          return reply.code(202).send(result);
        } catch (error) {
          if (error instanceof ValidationError)
            return reply.code(400).send({ error: error.message });
          throw error;
        }
      },
    );

    scope.get('/api/chat/messages', async (request, reply) => {
      const query = afterQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ error: describeIssues(query.error.issues) });
      // Polling never mints a session: the page (or a first post) does, under its limits.
      const current = sessions.read(request);
      if (current.state === 'ended') {
        // Left idle too long: the page clears what it shows, the browser drops the cookie.
        sessions.end(reply);
        return { messages: [], cursor: null, ended: true };
      }
      if (current.state === 'none') return { messages: [], cursor: null };
      const session = current.id;
      let after: Date | undefined;
      try {
        after = await cursorTime(runtime.database.db, session, query.data.after);
      } catch (error) {
        if (error instanceof ValidationError) return reply.code(400).send({ error: error.message });
        throw error;
      }
      const rows = await chatMessages(runtime.database.db, session, after);
      const cursor = rows.reduce<Date | undefined>(
        (max, r) => (!max || r.visibleAt > max ? r.visibleAt : max),
        after,
      );
      return {
        messages: rows.map((r) => ({
          id: r.id,
          direction: r.direction,
          // Who wrote it, without naming the staff member to the buyer.
          from: r.direction === 'inbound' ? 'you' : r.author ? 'staff' : 'bot',
          text: r.text,
          buttons: r.buttons ?? [],
          createdAt: r.createdAt.toISOString(),
        })),
        cursor: cursor?.toISOString() ?? null,
      };
    });

    // "Forget me" for a shared computer: the verification goes and the browser signs out.
    scope.post(
      '/api/chat/forget',
      { config: { rateLimit: byAddress('forget', CHAT_PAGES_PER_ADDRESS_PER_MINUTE) } },
      async (request, reply) => {
        const current = sessions.read(request);
        sessions.end(reply);
        if (current.state === 'none') return { forgotten: false };
        const forgotten = await runtime.useCases.forgetIdentity({
          channel: 'web',
          externalUserId: current.id,
        });
        return { forgotten };
      },
    );
  });
}

/** The first language tag of an Accept-Language header, when it is one ("*" or garbage is
 * no language: the buyer's text decides instead). */
function preferredLanguage(header: string | undefined): string | undefined {
  const tag = header?.split(',')[0]?.split(';')[0]?.trim().slice(0, 35);
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}
