import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '../../../../ops/config/index.js';
import { TicketopsError } from '../../../../ops/errors.js';
import { sameOrigin } from '../../staff-auth.js';
import { type Flash, setFlash } from './layout.js';

/** Runs a staff action posted from a console form and redirects to `back` with what happened.
 * A typed error (bad input, not allowed, gone) becomes the flash line; anything else is a 500.
 * A post from another site is refused before the action runs. */
export async function formAction(
  request: FastifyRequest,
  reply: FastifyReply,
  back: string,
  action: () => Promise<Flash>,
) {
  if (!sameOrigin(request)) return reply.code(403).send({ error: 'cross-site form post refused' });
  try {
    setFlash(reply, await action());
  } catch (error) {
    if (error instanceof z.ZodError) {
      setFlash(reply, { ok: false, text: `Invalid form: ${describeIssues(error.issues)}` });
    } else if (error instanceof TicketopsError) {
      setFlash(reply, { ok: false, text: error.message });
    } else {
      throw error;
    }
  }
  return reply.redirect(back, 303);
}
