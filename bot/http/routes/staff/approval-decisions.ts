import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../../../ops/app/index.js';
import type { DecideOutcome } from '../../../../ops/approvals/index.js';
import { formAction } from './form-action.js';

type DecisionRoute = { Params: { id: string } };

const decisionForm = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(300).optional(),
  edit: z.string().trim().max(2_000).optional(),
  override_hold: z.literal('yes').optional(),
  // Only pages of the console: a form cannot send a signed-in staff member elsewhere.
  back: z
    .string()
    .regex(/^\/staff(\/[\w/-]*)?$/)
    .default('/staff/approvals'),
});

const OUTCOME_TEXT: Record<DecideOutcome['outcome'], (o: DecideOutcome) => string> = {
  decided: (o) =>
    o.outcome === 'decided' && o.decision === 'approved'
      ? 'Approved: the commit runs now and the buyer is told the outcome.'
      : 'Rejected: the buyer has been told why.',
  awaiting_second_approver: () => 'Your approval is recorded; a second approver must confirm.',
  already_decided: (o) =>
    `Someone already decided this one (${o.outcome === 'already_decided' ? o.status : ''}).`,
  expired: () => 'This approval expired before it was decided.',
};

/** POST `/staff/approvals/:id/decision`: the console's approve / reject buttons. The use case
 * does the checks (role, four eyes, one conditional update); this only adapts the form. */
export function registerApprovalDecisions(app: FastifyInstance, runtime: Runtime) {
  app.post(
    '/staff/approvals/:id/decision',
    async (request: FastifyRequest<DecisionRoute>, reply) => {
      const form = decisionForm.safeParse(request.body ?? {});
      const back = form.success ? form.data.back : '/staff/approvals';
      return formAction(request, reply, back, async () => {
        if (!form.success) throw new z.ZodError(form.error.issues);
        const { decision, reason, edit, override_hold } = form.data;
        const outcome = await runtime.useCases.decideApproval({
          approvalId: request.params.id,
          staffId: request.staffId!,
          decision,
          reason: reason || undefined,
          edit: edit ? parseJson(edit) : undefined,
          overrideHold: override_hold === 'yes',
        });
        return { ok: outcome.outcome !== 'expired', text: OUTCOME_TEXT[outcome.outcome](outcome) };
      });
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new z.ZodError([
      { code: 'custom', path: ['edit'], message: 'expected the edit as JSON', input: text },
    ]);
  }
}
