import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  approvalsForCase,
  auditForSubjects,
  conversationMessages,
  findCaseDetail,
} from '../../../../db/queries/staff-console.js';
import { CASE_STATUSES } from '../../../../db/schema/index.js';
import type { Runtime } from '../../../../ops/app/index.js';
import { escapeHtml } from '../../html.js';
import { renderCase } from './case-page.js';
import { type CaseParams, caseNumber } from './case-params.js';
import { formAction } from './form-action.js';
import { staffPage, statusLabel, takeFlash, viewerOf } from './layout.js';

const replyForm = z.object({ text: z.string().max(10_000) });
const statusForm = z.object({ status: z.enum(CASE_STATUSES) });

/** Runs a staff action from a case page form and redirects back to the case. */
const caseFormAction = (
  request: FastifyRequest<CaseParams>,
  reply: FastifyReply,
  action: () => Promise<string>,
) =>
  formAction(
    request,
    reply,
    `/staff/cases/${encodeURIComponent(request.params.number)}`,
    async () => ({
      ok: true,
      text: await action(),
    }),
  );

/** `/staff/cases/:number`: the case page, and the reply / status forms posted from it. */
export function registerCaseRoutes(app: FastifyInstance, runtime: Runtime) {
  const db = runtime.database.db;

  app.get('/staff/cases/:number', async (request: FastifyRequest<CaseParams>, reply) => {
    const number = caseNumber.safeParse(request.params.number);
    const detail = number.success ? await findCaseDetail(db, number.data) : undefined;
    if (!detail) {
      const body = `<p>No case #${escapeHtml(request.params.number)}. <a href="/staff">Back to the queues</a>.</p>`;
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(staffPage({ title: 'Case not found', viewer: viewerOf(request), here: '', body }));
    }
    const c = detail.case;
    const [messages, approvals] = await Promise.all([
      c.conversationId ? conversationMessages(db, c.conversationId) : [],
      approvalsForCase(db, c.id),
    ]);
    const audit = await auditForSubjects(db, [c.id, ...approvals.map((a) => a.id)]);
    const body = renderCase({
      detail,
      messages,
      approvals,
      audit,
      maskContacts: runtime.policy.policy.minimize_pii_storage,
    });
    const title = `Case #${c.number} · ${statusLabel(c.status)}`;
    return reply.type('text/html; charset=utf-8').send(
      staffPage({
        title,
        viewer: viewerOf(request),
        here: '',
        body,
        flash: takeFlash(request, reply),
      }),
    );
  });

  app.post('/staff/cases/:number/reply', async (request: FastifyRequest<CaseParams>, reply) =>
    caseFormAction(request, reply, async () => {
      const form = replyForm.parse(request.body ?? {});
      const done = await runtime.useCases.replyAsStaff({
        caseNumber: caseNumber.parse(request.params.number),
        staffId: request.staffId!,
        text: form.text,
      });
      return `Reply sent to the buyer${done.firstResponse ? ' (first response recorded)' : ''}.`;
    }),
  );

  app.post('/staff/cases/:number/status', async (request: FastifyRequest<CaseParams>, reply) =>
    caseFormAction(request, reply, async () => {
      const form = statusForm.parse(request.body ?? {});
      const done = await runtime.useCases.setCaseStatus({
        caseNumber: caseNumber.parse(request.params.number),
        staffId: request.staffId!,
        status: form.status,
      });
      return done.changed
        ? `Status changed: ${statusLabel(done.from)} → ${statusLabel(done.to)}.`
        : `Already ${statusLabel(done.status)}.`;
    }),
  );
}
