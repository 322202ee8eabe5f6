import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { auditLog, tickets, ticketTypes } from '../../db/schema/index.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { ValidationError } from '../../ops/errors.js';
import { givenEditApproval } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

const STAFF = `
staff:
  members:
    - { id: ana, name: Ana, roles: [approver] }
`;

describe('order edit approvals (PostgreSQL + BullMQ + fake Stripe)', () => {
  const h = usePipelineHarness({
    policy: STAFF,
    stripeKey: 'sk_test_edit',
    queues: ['approvals'],
  });

  const approve = async (approvalId: string, edit: unknown) => {
    const outcome = await decideApproval(h.deps, {
      approvalId,
      staffId: 'ana',
      decision: 'approve',
      edit,
    });
    expect(outcome).toMatchObject({ outcome: 'decided', decision: 'approved' });
    return waitFor('the edit to be committed', async () => {
      const row = await findApproval(h.db, approvalId);
      return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
    });
  };
  const ticket = async (id: string) =>
    (await h.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;

  it('transfer issues a new ticket with a new code and retires the old one', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const old = r.tickets[0]!;
    const row = await approve(r.approval.id, {
      type: 'transfer_ticket',
      ticketId: old.id,
      holderName: 'Noor Friend',
    });
    expect(row.status).toBe('executed');
    const newId = String(row.result?.newTicketId);
    const [retired, fresh] = [await ticket(old.id), await ticket(newId)];
    expect(retired).toMatchObject({ status: 'transferred', replacedById: newId, code: old.code });
    expect(fresh).toMatchObject({
      status: 'valid',
      holderName: 'Noor Friend',
      orderId: r.order.id,
    });
    expect(fresh.code).not.toBe(old.code);
    expect(fresh.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'approval.executed'));
    expect(JSON.stringify(entry!.details)).not.toContain('Noor');
  });

  it('changes the holder name and keeps the code', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const t = r.tickets[1]!;
    await approve(r.approval.id, {
      type: 'change_holder_name',
      ticketId: t.id,
      holderName: 'Mia B. Buyer',
    });
    expect(await ticket(t.id)).toMatchObject({
      holderName: 'Mia B. Buyer',
      code: t.code,
      status: 'valid',
    });
  });

  it('cancels a ticket without a refund (void only): no money moves', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const t = r.tickets[0]!;
    const row = await approve(r.approval.id, { type: 'cancel_tickets', ticketIds: [t.id] });
    expect(row.result).toMatchObject({
      type: 'cancel_tickets',
      voidedTicketIds: [t.id],
      refundMinor: 0,
    });
    expect((await ticket(t.id)).status).toBe('void');
    expect(h.fake.refunds.filter((x) => x.payment_intent === r.paymentIntentId)).toEqual([]);
  });

  it('cancels a ticket with a refund through the same refund path', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const t = r.tickets[0]!;
    const row = await approve(r.approval.id, {
      type: 'cancel_tickets',
      ticketIds: [t.id],
      refundMinor: 4500,
    });
    const refunds = h.fake.refunds.filter((x) => x.payment_intent === r.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 4500, metadata: { approval_id: r.approval.id } });
    expect(row.result).toMatchObject({
      method: 'stripe',
      refundId: refunds[0]!.id,
      amountMinor: 4500,
    });
    expect((await ticket(t.id)).status).toBe('void');
    expect((await ticket(r.tickets[1]!.id)).status).toBe('valid');
  });

  it('refuses at approval time what it cannot carry out, and leaves the approval pending', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const attempts: unknown[] = [
      undefined,
      { type: 'transfer_ticket', ticketId: 'tkt_not_on_this_order', holderName: 'X' },
      // A dearer upgrade is no longer refused (approvals-upgrade.test.ts); one to a type of
      // no event still is.
      { type: 'upgrade_ticket', ticketId: r.tickets[0]!.id, toTicketTypeId: 'tty_elsewhere' },
      { type: 'cancel_tickets', ticketIds: [r.tickets[0]!.id], refundMinor: 1_000_000 },
      { type: 'rename', ticketId: r.tickets[0]!.id },
    ];
    for (const edit of attempts) {
      await expect(
        decideApproval(h.deps, {
          approvalId: r.approval.id,
          staffId: 'ana',
          decision: 'approve',
          edit,
        }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      decideApproval(h.deps, {
        approvalId: r.approval.id,
        staffId: 'ana',
        decision: 'approve',
        edit: attempts[2],
      }),
    ).rejects.toThrow(/not of this event/);
    expect(await findApproval(h.db, r.approval.id)).toMatchObject({
      status: 'pending',
      edit: null,
    });
  });

  it('upgrades to a type that costs no more in place', async () => {
    const r = await givenEditApproval(h.db, h.fake, 'transfer_ticket');
    const [side] = await h.db
      .insert(ticketTypes)
      .values({
        eventId: r.event.id,
        name: 'GA side entrance',
        priceMinor: 4500,
        currency: 'EUR',
        capacity: 10,
      })
      .returning();
    const t = r.tickets[0]!;
    await approve(r.approval.id, {
      type: 'upgrade_ticket',
      ticketId: t.id,
      toTicketTypeId: side!.id,
    });
    expect(await ticket(t.id)).toMatchObject({
      ticketTypeId: side!.id,
      code: t.code,
      status: 'valid',
    });
  });
});
