import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CookieSigner } from './cookie-signer.js';

export const CHAT_COOKIE = 'tops_chat';
const SESSION_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** What a request's chat cookie says: a live session, one that ended (idle too long), or
 * none at all (no cookie, or one this server did not sign). */
export type ChatSessionState =
  | { state: 'live'; id: string }
  | { state: 'ended'; id: string }
  | { state: 'none' };

/** Buyer web chat sessions. The cookie holds a random id (the buyer's external user id and
 * chat id) and the time the buyer last wrote, signed by the server, so an invented or edited
 * cookie is no session. A session ends `idleMs` after the buyer's last message, checked here
 * on the signed time rather than trusted to the browser, and the cookie itself has no
 * lifetime: it goes when the browser closes. Both matter on a shared computer, where the next
 * person must not find the previous buyer's chat, nor the orders they verified in it. Only
 * a post counts as activity: a page left open polls forever and must still end. httpOnly:
 * page scripts never see the cookie. */
export class ChatSessions {
  private readonly signer: CookieSigner;

  constructor(
    secret: string,
    private readonly idleMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    // v2: the value carries the last activity; a v1 cookie (an id alone) is no session.
    this.signer = new CookieSigner(secret, 'ticketops chat session v2');
  }

  read(request: FastifyRequest): ChatSessionState {
    const payload = this.signer.unsign(request.cookies?.[CHAT_COOKIE]);
    const [id, seen, extra] = payload?.split('.') ?? [];
    if (!id || !SESSION_PATTERN.test(id) || !seen || !/^\d{1,15}$/.test(seen) || extra) {
      return { state: 'none' };
    }
    const idle = this.now().getTime() - Number(seen);
    return idle <= this.idleMs ? { state: 'live', id } : { state: 'ended', id };
  }

  /** The live session of a request, if any. */
  of(request: FastifyRequest): string | undefined {
    const session = this.read(request);
    return session.state === 'live' ? session.id : undefined;
  }

  /** The live session, or a new one set on the reply; its idle clock is not restarted. */
  ensure(request: FastifyRequest, reply: FastifyReply): string {
    return this.of(request) ?? this.start(request, reply, newSessionId());
  }

  /** The buyer wrote: the live session with its idle clock restarted, or a new one. */
  touch(request: FastifyRequest, reply: FastifyReply): string {
    return this.start(request, reply, this.of(request) ?? newSessionId());
  }

  /** Tells the browser to drop the cookie now. */
  end(reply: FastifyReply): void {
    reply.clearCookie(CHAT_COOKIE, { path: '/' });
  }

  private start(request: FastifyRequest, reply: FastifyReply, id: string): string {
    reply.setCookie(CHAT_COOKIE, this.signer.sign(`${id}.${this.now().getTime()}`), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
    });
    return id;
  }
}

const newSessionId = () => randomBytes(18).toString('base64url');
