import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseCountsByQueue, listCases } from '../../../../db/queries/staff-console.js';
import { CASE_STATUSES } from '../../../../db/schema/index.js';
import type { Runtime } from '../../../../ops/app/index.js';
import { describeIssues } from '../../../../ops/config/index.js';
import { ForbiddenError, NotFoundError, TicketopsError } from '../../../../ops/errors.js';
import { type CaseParams, caseNumber } from './case-params.js';
import { queueFilter } from './queues.js';

const replyBody = z.object({ text: z.string().max(10_000) }).strict();
const statusBody = z.object({ status: z.enum(CASE_STATUSES) }).strict();

/** Maps a typed error to its HTTP status; an untyped one is rethrown (500, logged). */
function sendError(reply: FastifyReply, error: unknown) {
  if (error instanceof z.ZodError) {
    return reply.code(400).send({ error: describeIssues(error.issues) });
  }
  if (!(error instanceof TicketopsError)) throw error;
  const status = error instanceof NotFoundError ? 404 : error instanceof ForbiddenError ? 403 : 400;
  return reply.code(status).send({ error: error.message });
}

/** The staff console as JSON, for scripts and the next UI: the same reads and actions as the
 * pages, behind the same session cookie. */
export function registerStaffApi(app: FastifyInstance, runtime: Runtime) {
  const db = runtime.database.db;

  app.get(
    '/api/staff/cases',
    async (request: FastifyRequest<{ Querystring: { queue?: string; status?: string } }>) => {
      const filter = queueFilter(request.query);
      const [counts, cases] = await Promise.all([caseCountsByQueue(db), listCases(db, filter)]);
      return { counts, cases };
    },
  );

  app.post(
    '/api/staff/cases/:number/replies',
    async (request: FastifyRequest<CaseParams>, reply) => {
      try {
        const body = replyBody.parse(request.body ?? {});
        const done = await runtime.useCases.replyAsStaff({
          caseNumber: caseNumber.parse(request.params.number),
          staffId: request.staffId!,
          text: body.text,
        });
        return reply.code(201).send(done);
      } catch (error) {
        return sendError(reply, error);
      }
    },
  );

  app.post(
    '/api/staff/cases/:number/status',
    async (request: FastifyRequest<CaseParams>, reply) => {
      try {
        const body = statusBody.parse(request.body ?? {});
        return await runtime.useCases.setCaseStatus({
          caseNumber: caseNumber.parse(request.params.number),
          staffId: request.staffId!,
          status: body.status,
        });
      } catch (error) {
        return sendError(reply, error);
      }
    },
  );
}
