import { and, count, eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStripeWebhook } from '../../bot/http/routes/stripe-webhook.js';
import { findApproval } from '../../db/queries/approvals.js';
import {
  approvals,
  auditLog,
  cases,
  conversations,
  messages,
  orders,
  tickets,
  ticketTypes,
  ticketUpgrades,
} from '../../db/schema/index.js';
import { commitApproval } from '../../ops/approvals/commit-approval.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { stripeId } from '../../testkit/fake-stripe-objects.js';
import { recordingSender } from '../helpers/deps.js';
import { testLogger } from '../helpers/log.js';
import { givenPaidOrder } from '../helpers/orders.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';
import { checkoutSession, deliverSigned, stripeEvent } from '../helpers/stripe-webhook-harness.js';
import { waitFor } from '../helpers/wait.js';

const STAFF = `
staff:
  members:
    - { id: ana, name: Ana, roles: [approver] }
`;
const WEBHOOK_SECRET = 'whsec_test_upgrades';
const GA_PRICE = 4500;
const VIP_PRICE = 9900;

/** Paid upgrades end to end: approval -> commit job (BullMQ) -> fake Stripe price and
 * payment link -> buyer told -> signed checkout.session.completed -> ticket swapped. */
describe('paid ticket upgrades (PostgreSQL + BullMQ + fake Stripe + signed webhooks)', () => {
  let h: PipelineHarness;
  let app: FastifyInstance;
  const telegram = recordingSender('telegram');

  beforeAll(async () => {
    h = await startPipelineHarness({
      policy: STAFF,
      stripeKey: 'sk_test_upgrade',
      // every Stripe failure reaches the job engine, which retries it
      stripeNetworkRetries: 0,
      senders: [telegram.sender],
      queues: ['outbound', 'approvals'],
    });
    app = Fastify();
    registerStripeWebhook(app, {
      db: h.db,
      webhookSecret: WEBHOOK_SECRET,
      log: testLogger(),
      jobs: h.jobs,
      stripe: h.deps.stripe,
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  /** A paid GA order with a buyer's case on Telegram, a VIP type, and the upgrade approval. */
  async function upgradeRequest() {
    const given = await givenPaidOrder(h.db, { quantity: 2 });
    const [vip] = await h.db
      .insert(ticketTypes)
      .values({
        eventId: given.event.id,
        name: 'VIP',
        priceMinor: VIP_PRICE,
        currency: 'EUR',
        capacity: 50,
      })
      .returning();
    const chatId = `chat-${Math.random().toString(36).slice(2, 10)}`;
    const [conversation] = await h.db
      .insert(conversations)
      .values({ channel: 'telegram', chatId })
      .returning();
    const [buyerCase] = await h.db
      .insert(cases)
      .values({
        conversationId: conversation!.id,
        customerId: given.customer.id,
        orderId: given.order.id,
        eventId: given.event.id,
        intent: 'upgrade_ticket',
        category: 'orders',
        severity: 'P3',
        queue: 'orders',
        status: 'open',
      })
      .returning();
    const [approval] = await h.db
      .insert(approvals)
      .values({
        kind: 'order_edit_commit',
        caseId: buyerCase!.id,
        orderId: given.order.id,
        payload: { orderCode: given.order.code, change: 'upgrade_ticket' },
        requestedBy: 'bot',
        expiresAt: new Date(Date.now() + 3600_000),
        idempotencyKey: `order_edit_commit:${given.order.id}`,
      })
      .returning();
    const ticket = given.tickets[0]!;
    const edit = { type: 'upgrade_ticket', ticketId: ticket.id, toTicketTypeId: vip!.id };
    return {
      ...given,
      vip: vip!,
      ticket,
      chatId,
      caseId: buyerCase!.id,
      approval: approval!,
      edit,
    };
  }
  type Request = Awaited<ReturnType<typeof upgradeRequest>>;

  const approve = async (r: Request) => {
    const outcome = await decideApproval(h.deps, {
      approvalId: r.approval.id,
      staffId: 'ana',
      decision: 'approve',
      edit: r.edit,
    });
    expect(outcome).toMatchObject({ outcome: 'decided', decision: 'approved' });
  };
  const settled = (approvalId: string, timeoutMs?: number) =>
    waitFor(
      'the commit to settle',
      async () => {
        const row = await findApproval(h.db, approvalId);
        return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
      },
      timeoutMs,
    );
  const upgradeOf = async (approvalId: string) =>
    (await h.db.select().from(ticketUpgrades).where(eq(ticketUpgrades.approvalId, approvalId)))[0];
  const ticketNow = async (id: string) =>
    (await h.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
  const caseStatus = async (id: string) =>
    (await h.db.select().from(cases).where(eq(cases.id, id)))[0]!.status;
  /** The case is back with staff, and its audit trail says why and about what. */
  const expectHandedBack = async (caseId: string, why: string, about: string) => {
    expect(await caseStatus(caseId)).toBe('pending_staff');
    const [handBack] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, caseId), eq(auditLog.action, 'case.status_changed')));
    expect(handBack!.details).toMatchObject({ from: 'open', to: 'pending_staff', why, about });
  };
  const trail = async (subject: string) =>
    (await h.db.select().from(auditLog).where(eq(auditLog.subject, subject))).map((a) => a.action);
  const linksOf = (approvalId: string) =>
    [...h.fake.paymentLinks.links.values()].filter(
      (l) => (l.metadata as Record<string, string>).ticketops_approval_id === approvalId,
    );
  const pricesOf = (approvalId: string) =>
    [...h.fake.paymentLinks.prices.values()].filter(
      (p) => (p.metadata as Record<string, string>).ticketops_approval_id === approvalId,
    );
  const sentTo = (chatId: string) =>
    telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  /** Everything sent to the buyer, once there are at least `n` messages. */
  const sentAtLeast = (chatId: string, n: number, what: string) =>
    waitFor(what, () => (sentTo(chatId).length >= n ? sentTo(chatId) : undefined));
  const outboundCount = async () => {
    const [row] = await h.db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.direction, 'outbound'));
    return row!.n;
  };
  const deliver = (payload: string) => deliverSigned(app, payload, WEBHOOK_SECRET);

  it('charges the difference through one payment link, and swaps the ticket once it is paid', async () => {
    const r = await upgradeRequest();
    await approve(r);
    const row = await settled(r.approval.id);
    // A second run of the commit (a duplicate job, the sweeper) finds nothing left to do.
    expect(await commitApproval(h.deps, r.approval.id)).toEqual({
      outcome: 'skipped',
      status: 'executed',
    });

    const links = linksOf(r.approval.id);
    const prices = pricesOf(r.approval.id);
    expect(links).toHaveLength(1);
    expect(prices).toHaveLength(1);
    const link = links[0]!;
    expect(prices[0]).toMatchObject({
      object: 'price',
      type: 'one_time',
      unit_amount: VIP_PRICE - GA_PRICE,
      currency: 'eur',
    });
    expect(link).toMatchObject({
      object: 'payment_link',
      active: true,
      metadata: { ticketops_approval_id: r.approval.id, ticketops_ticket_id: r.ticket.id },
      payment_intent_data: {
        metadata: { ticketops_approval_id: r.approval.id, ticketops_ticket_id: r.ticket.id },
      },
      restrictions: { completed_sessions: { count: 0, limit: 1 } },
    });
    expect(h.fake.requestsTo('POST', '/v1/prices').map((q) => q.idempotencyKey)).toContain(
      `approval:${r.approval.id}:upgrade-price`,
    );
    expect(h.fake.requestsTo('POST', '/v1/payment_links').map((q) => q.idempotencyKey)).toContain(
      `approval:${r.approval.id}:upgrade-link`,
    );
    expect(row).toMatchObject({
      status: 'executed',
      result: {
        type: 'upgrade_ticket',
        status: 'awaiting_payment',
        amountMinor: 5400,
        currency: 'EUR',
        paymentLinkId: link.id,
        paymentLinkUrl: link.url,
      },
    });
    expect(await upgradeOf(r.approval.id)).toMatchObject({
      status: 'awaiting_payment',
      ticketId: r.ticket.id,
      fromTicketTypeId: r.ticket.ticketTypeId,
      toTicketTypeId: r.vip.id,
      amountMinor: 5400,
      stripePaymentLinkId: link.id,
      url: link.url,
    });
    // Not paid yet: the ticket is what it was.
    expect(await ticketNow(r.ticket.id)).toMatchObject({
      ticketTypeId: r.ticket.ticketTypeId,
      status: 'valid',
    });
    const [offer] = await sentAtLeast(r.chatId, 1, 'the payment link to reach the buyer');
    expect(offer).toContain(String(link.url));
    expect(offer).toContain('€54.00');
    expect(offer).toContain(r.order.code);
    const upgrade = (await upgradeOf(r.approval.id))!;
    expect(await trail(upgrade.id)).toEqual(['ticket_upgrade.awaiting_payment']);

    // The buyer pays; Stripe reports the completed session for the link.
    const ordersBefore = await h.db.select({ n: count() }).from(orders);
    const payload = stripeEvent('checkout.session.completed', h.fake.payLink(String(link.id)));
    const response = await deliver(payload);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true });

    expect(await ticketNow(r.ticket.id)).toMatchObject({
      ticketTypeId: r.vip.id,
      code: r.ticket.code,
      status: 'valid',
    });
    const paid = (await upgradeOf(r.approval.id))!;
    expect(paid).toMatchObject({ status: 'swapped', refusalReason: null });
    expect(paid.stripeCheckoutSessionId).toMatch(/^cs_test_/);
    expect(paid.stripePaymentIntentId).toMatch(/^pi_/);
    expect(await trail(upgrade.id)).toEqual([
      'ticket_upgrade.awaiting_payment',
      'ticket_upgrade.paid',
      'ticket_upgrade.swapped',
    ]);
    // The upgrade payment is not a new order.
    expect(await h.db.select({ n: count() }).from(orders)).toEqual(ordersBefore);
    const told = await sentAtLeast(r.chatId, 2, 'the buyer to be told');
    expect(told[1]).toBe(
      `Done: your ticket on order ${r.order.code} is now VIP. Your ticket code stays the same.`,
    );
    await waitFor('the link to be switched off', () =>
      h.fake
        .requestsTo('POST', `/v1/payment_links/${link.id}`)
        .find((q) => q.params.active === 'false'),
    );
    expect(h.fake.paymentLinks.links.get(String(link.id))?.active).toBe(false);

    // Replays: the same delivery is a duplicate; a new event for the same session changes
    // nothing either.
    const before = { audit: await trail(upgrade.id), outbound: await outboundCount() };
    expect((await deliver(payload)).json()).toEqual({ received: true, duplicate: true });
    const again = JSON.stringify({ ...JSON.parse(payload), id: stripeId('evt') });
    expect((await deliver(again)).json()).toEqual({
      received: true,
      ignored: 'upgrade already settled for this checkout session',
    });
    expect({ audit: await trail(upgrade.id), outbound: await outboundCount() }).toEqual(before);
    expect((await ticketNow(r.ticket.id)).ticketTypeId).toBe(r.vip.id);
  });

  const oneLinkEach = async (approvalId: string) => {
    expect(linksOf(approvalId)).toHaveLength(1);
    expect(pricesOf(approvalId)).toHaveLength(1);
    expect(
      await h.db
        .select({ n: count() })
        .from(ticketUpgrades)
        .where(eq(ticketUpgrades.approvalId, approvalId)),
    ).toEqual([{ n: 1 }]);
  };

  it('retries a commit whose Stripe answer was lost without creating a second link', async () => {
    const r = await upgradeRequest();
    // Stripe creates the link, the answer never arrives: the job fails this attempt and
    // BullMQ retries it (after its backoff) with the same idempotency keys.
    h.fake.failNext(1, { status: 500, afterEffect: true, path: '/v1/payment_links' });
    await approve(r);
    const row = await settled(r.approval.id, 20_000);
    expect(row.status).toBe('executed');
    await oneLinkEach(r.approval.id);
    const linkPosts = h.fake
      .requestsTo('POST', '/v1/payment_links')
      .filter((q) => q.idempotencyKey === `approval:${r.approval.id}:upgrade-link`);
    expect(linkPosts.map((q) => [q.status, q.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
    const pricePosts = h.fake
      .requestsTo('POST', '/v1/prices')
      .filter((q) => q.idempotencyKey === `approval:${r.approval.id}:upgrade-price`);
    expect(pricePosts.map((q) => q.replayed)).toEqual([false, true]);
    expect(row.result).toMatchObject({ paymentLinkId: linksOf(r.approval.id)[0]!.id });
    expect(await sentAtLeast(r.chatId, 1, 'the buyer offer')).toHaveLength(1);
  });

  it('creates one link when two commit runs race', async () => {
    const r = await upgradeRequest();
    await approve(r);
    // The job and a duplicate run (a sweeper round, a second worker) at the same time.
    const outcomes = await Promise.all([
      commitApproval(h.deps, r.approval.id),
      commitApproval(h.deps, r.approval.id),
    ]);
    const row = await settled(r.approval.id);
    expect(row.status).toBe('executed');
    expect(outcomes.filter((o) => o.outcome === 'executed').length).toBeLessThanOrEqual(1);
    await oneLinkEach(r.approval.id);
    expect(await sentAtLeast(r.chatId, 1, 'the buyer offer')).toHaveLength(1);
  });

  it('never swaps a ticket voided before the payment: refused, case back with staff', async () => {
    const r = await upgradeRequest();
    await approve(r);
    await settled(r.approval.id);
    const upgrade = (await upgradeOf(r.approval.id))!;
    await h.db.update(tickets).set({ status: 'void' }).where(eq(tickets.id, r.ticket.id));

    const response = await deliver(
      stripeEvent('checkout.session.completed', h.fake.payLink(upgrade.stripePaymentLinkId)),
    );
    expect(response.json()).toEqual({ received: true });
    expect(await ticketNow(r.ticket.id)).toMatchObject({
      status: 'void',
      ticketTypeId: r.ticket.ticketTypeId,
    });
    const refused = (await upgradeOf(r.approval.id))!;
    expect(refused.status).toBe('refused');
    expect(refused.refusalReason).toMatch(/is void now, not valid/);
    expect(await trail(upgrade.id)).toEqual([
      'ticket_upgrade.awaiting_payment',
      'ticket_upgrade.paid',
      'ticket_upgrade.refused',
    ]);
    await expectHandedBack(r.caseId, 'upgrade_refused', upgrade.id);
    const texts = await sentAtLeast(r.chatId, 2, 'the buyer to hear a person follows up');
    expect(texts[1]).toMatch(/received your upgrade payment .* refund it/);
  });

  it('never oversells: a type that filled up while the buyer paid refuses the swap', async () => {
    const r = await upgradeRequest();
    await h.db.update(ticketTypes).set({ capacity: 1 }).where(eq(ticketTypes.id, r.vip.id));
    await approve(r);
    await settled(r.approval.id);
    const upgrade = (await upgradeOf(r.approval.id))!;
    // Someone else's ticket takes the last VIP place before this payment arrives.
    await h.db
      .update(tickets)
      .set({ ticketTypeId: r.vip.id })
      .where(eq(tickets.id, r.tickets[1]!.id));

    await deliver(
      stripeEvent('checkout.session.completed', h.fake.payLink(upgrade.stripePaymentLinkId)),
    );
    expect((await ticketNow(r.ticket.id))!.ticketTypeId).toBe(r.ticket.ticketTypeId);
    const refused = (await upgradeOf(r.approval.id))!;
    expect(refused.status).toBe('refused');
    expect(refused.refusalReason).toMatch(/sold out \(1 of 1 places held\)/);
    await expectHandedBack(r.caseId, 'upgrade_refused', upgrade.id);
  });

  it('refuses at approval an upgrade into a type that is already full', async () => {
    const r = await upgradeRequest();
    await h.db.update(ticketTypes).set({ capacity: 0 }).where(eq(ticketTypes.id, r.vip.id));
    await expect(
      decideApproval(h.deps, {
        approvalId: r.approval.id,
        staffId: 'ana',
        decision: 'approve',
        edit: r.edit,
      }),
    ).rejects.toThrow(/sold out \(0 of 0 places held\)/);
    expect(await upgradeOf(r.approval.id)).toBeUndefined();
  });

  it('does not swap when the amount paid is not what the link asked', async () => {
    const r = await upgradeRequest();
    await approve(r);
    await settled(r.approval.id);
    const upgrade = (await upgradeOf(r.approval.id))!;
    const session = h.fake.payLink(upgrade.stripePaymentLinkId);
    const response = await deliver(
      stripeEvent('checkout.session.completed', { ...session, amount_total: 100 }),
    );
    expect(response.json()).toEqual({ received: true });
    expect((await ticketNow(r.ticket.id)).ticketTypeId).toBe(r.ticket.ticketTypeId);
    expect(await upgradeOf(r.approval.id)).toMatchObject({
      status: 'refused',
      refusalReason: 'paid 100 EUR, the upgrade asked 5400 EUR',
    });
    expect(await caseStatus(r.caseId)).toBe('pending_staff');
  });

  it('fails the approval with a readable reason when Stripe refuses the link', async () => {
    const r = await upgradeRequest();
    h.fake.failNext(1, { status: 400, path: '/v1/payment_links' });
    await approve(r);
    const row = await settled(r.approval.id);
    expect(row.status).toBe('failed');
    expect(String(row.result?.error)).toMatch(
      /^Stripe refused the upgrade payment link \(HTTP 400\): fake Stripe: scripted 400$/,
    );
    expect(linksOf(r.approval.id)).toHaveLength(0);
    expect(await upgradeOf(r.approval.id)).toBeUndefined();
    expect((await ticketNow(r.ticket.id)).ticketTypeId).toBe(r.ticket.ticketTypeId);
    expect(await caseStatus(r.caseId)).toBe('pending_staff');
    expect(await trail(r.caseId)).toContain('case.status_changed');
    expect(await trail(r.approval.id)).toContain('approval.failed');
  });

  it('hands the case back to staff when an approval expires undecided', async () => {
    const r = await upgradeRequest();
    await h.db
      .update(approvals)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(approvals.id, r.approval.id));
    await h.jobs.enqueue('approvals.expire', { approvalId: r.approval.id });
    await waitFor('the approval to expire', async () =>
      (await findApproval(h.db, r.approval.id))?.status === 'expired' ? true : undefined,
    );
    await expectHandedBack(r.caseId, 'approval_expired', r.approval.id);
    expect(linksOf(r.approval.id)).toHaveLength(0);
  });

  it('still records a shop checkout that came through a payment link of its own', async () => {
    const given = await givenPaidOrder(h.db, { quantity: 1 });
    const paymentIntentId = stripeId('pi');
    const session = {
      ...checkoutSession(paymentIntentId, { event_slug: given.event.slug, ticket_type: 'GA' }),
      payment_link: stripeId('plink'),
    };
    const response = await deliver(stripeEvent('checkout.session.completed', session));
    expect(response.json()).toEqual({ received: true });
    const [order] = await h.db
      .select()
      .from(orders)
      .where(eq(orders.stripePaymentIntentId, paymentIntentId));
    expect(order).toMatchObject({ status: 'paid', totalMinor: 8_400 });
  });
});
