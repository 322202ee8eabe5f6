import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { orders } from './orders.js';

export const APPROVAL_KINDS = ['refund_commit', 'order_edit_commit'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'executing',
  'executed',
  'failed',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A persisted wait for a human decision on something that moves money or changes an order.
 * Deciding is one conditional update (`where status = 'pending'`), so two staff racing
 * produce one decision. `idempotency_key` is what the commit sends to Stripe.
 * Above `policy.second_approver_above_minor` an approval needs two people: the first approval
 * is recorded in `first_approved_by/at` while the row stays pending, the second one decides. */
export const approvals = pgTable(
  'approvals',
  {
    id: idColumn('apr'),
    kind: text('kind').$type<ApprovalKind>().notNull(),
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    caseId: text('case_id').references(() => cases.id),
    orderId: text('order_id').references(() => orders.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    amountMinor: integer('amount_minor'),
    currency: text('currency'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: tstz('decided_at'),
    decisionReason: text('decision_reason'),
    /** first of two approvers (amounts above the second-approver threshold); null otherwise */
    firstApprovedBy: text('first_approved_by'),
    firstApprovedAt: tstz('first_approved_at'),
    /** order_edit_commit: the exact change the approving staff member supplied (zod-checked) */
    edit: jsonb('edit').$type<Record<string, unknown>>(),
    expiresAt: tstz('expires_at').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** set once the commit has checked the order's refundable remainder under the order row
     * lock and is about to move money: from then on this approval's amount is spoken for, a
     * retry does not check again (the payment may already exist) and may only end executed */
    moneyRequestedAt: tstz('money_requested_at'),
    /** the supervisor who approved despite a risk hold on the order (audited) */
    holdOverriddenBy: text('hold_overridden_by'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('approvals_idempotency_uq').on(t.idempotencyKey),
    index('approvals_status_ix').on(t.status, t.expiresAt),
    index('approvals_order_ix').on(t.orderId),
    // One open money approval per order: a refund and a refunding cancellation never wait or
    // run side by side, so two of them can never pay out the same remainder twice.
    uniqueIndex('approvals_open_money_uq')
      .on(t.orderId)
      .where(
        sql`status in ('pending', 'approved', 'executing') and (kind = 'refund_commit' or coalesce((edit ->> 'refundMinor')::integer, 0) > 0)`,
      ),
    check('approvals_kind_ck', sql.raw(`kind in (${sqlList(APPROVAL_KINDS)})`)),
    check('approvals_status_ck', sql.raw(`status in (${sqlList(APPROVAL_STATUSES)})`)),
    // Anything past pending was decided by someone, at some time.
    check(
      'approvals_decided_ck',
      sql`${t.status} in ('pending', 'expired') or (${t.decidedBy} is not null and ${t.decidedAt} is not null)`,
    ),
    // The requester never approves their own request.
    check(
      'approvals_four_eyes_ck',
      sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.requestedBy}`,
    ),
    // Two approvers are two people, and neither is the requester.
    check(
      'approvals_first_approver_ck',
      sql`${t.firstApprovedBy} is null or (${t.firstApprovedBy} <> ${t.requestedBy} and ${t.firstApprovedAt} is not null)`,
    ),
    check(
      'approvals_second_approver_ck',
      sql`${t.status} in ('pending', 'rejected', 'expired') or ${t.firstApprovedBy} is null or ${t.decidedBy} <> ${t.firstApprovedBy}`,
    ),
    check('approvals_amount_ck', sql`${t.amountMinor} is null or ${t.amountMinor} >= 0`),
  ],
);
