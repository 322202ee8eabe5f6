import { describe, expect, it } from 'vitest';
import { checkDecider, needsSecondApprover } from '../../ops/approvals/decider-check.js';
import {
  type EditFacts,
  editRefundMinor,
  parseOrderEdit,
  problemWithEdit,
} from '../../ops/approvals/edit.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { ValidationError } from '../../ops/errors.js';

const policy = parsePolicy(`
policy:
  second_approver_above_minor: 10000
staff:
  members:
    - { id: ana, name: Ana, roles: [approver] }
    - { id: bo, name: Bo, roles: [supervisor, agent] }
    - { id: cy, name: Cy, roles: [agent, door] }
`);

describe('who may decide an approval', () => {
  it('allows approvers and supervisors, refuses others and the requester', () => {
    expect(checkDecider(policy, { requestedBy: 'bot' }, 'ana')).toMatchObject({ allowed: true });
    expect(checkDecider(policy, { requestedBy: 'bot' }, 'bo')).toMatchObject({ allowed: true });
    expect(checkDecider(policy, { requestedBy: 'bot' }, 'cy')).toEqual({
      allowed: false,
      why: 'no_deciding_role',
    });
    expect(checkDecider(policy, { requestedBy: 'bot' }, 'eve')).toEqual({
      allowed: false,
      why: 'not_staff',
    });
    expect(checkDecider(policy, { requestedBy: 'ana' }, 'ana')).toEqual({
      allowed: false,
      why: 'own_request',
    });
  });

  it('asks for a second approver only above the threshold, and never without one', () => {
    expect(needsSecondApprover(policy, 10000)).toBe(false);
    expect(needsSecondApprover(policy, 10001)).toBe(true);
    expect(needsSecondApprover(policy, null)).toBe(false);
    expect(needsSecondApprover(parsePolicy(''), 1_000_000)).toBe(false);
  });
});

const facts = (over: Partial<EditFacts> = {}): EditFacts => ({
  tickets: [
    { id: 't1', status: 'valid', ticketTypeId: 'ga', eventId: 'e1' },
    { id: 't2', status: 'checked_in', ticketTypeId: 'ga', eventId: 'e1' },
  ],
  prices: new Map([
    ['ga', { priceMinor: 4500, eventId: 'e1' }],
    ['ga2', { priceMinor: 4500, eventId: 'e1' }],
    ['vip', { priceMinor: 9900, eventId: 'e1' }],
    ['other', { priceMinor: 100, eventId: 'e2' }],
  ]),
  refundableMinor: 8700,
  ...over,
});

describe('order edits', () => {
  it('parses the four edits and refuses anything else with a ValidationError', () => {
    expect(parseOrderEdit({ type: 'cancel_tickets', ticketIds: ['t1'] })).toEqual({
      type: 'cancel_tickets',
      ticketIds: ['t1'],
      refundMinor: 0,
    });
    expect(
      parseOrderEdit({ type: 'transfer_ticket', ticketId: 't1', holderName: '  Noor ' }),
    ).toMatchObject({ holderName: 'Noor' });
    expect(() => parseOrderEdit({ type: 'transfer_ticket', ticketId: 't1' })).toThrow(
      ValidationError,
    );
    expect(() =>
      parseOrderEdit({ type: 'change_holder_name', ticketId: 't1', holderName: 'A', extra: 1 }),
    ).toThrow(ValidationError);
    expect(() =>
      parseOrderEdit({ type: 'cancel_tickets', ticketIds: ['t1'], refundMinor: -5 }),
    ).toThrow(ValidationError);
  });

  it('only touches valid tickets of the order', () => {
    const transfer = parseOrderEdit({ type: 'transfer_ticket', ticketId: 't2', holderName: 'N' });
    expect(problemWithEdit(transfer, facts())).toMatch(/checked_in, not valid/);
    const elsewhere = parseOrderEdit({
      type: 'change_holder_name',
      ticketId: 'tx',
      holderName: 'N',
    });
    expect(problemWithEdit(elsewhere, facts())).toMatch(/not on this order/);
    expect(
      problemWithEdit(
        parseOrderEdit({ type: 'transfer_ticket', ticketId: 't1', holderName: 'N' }),
        facts(),
      ),
    ).toBeUndefined();
  });

  it('refunds on cancellation only as far as the refund policy allows', () => {
    const cancel = (refundMinor: number) =>
      parseOrderEdit({ type: 'cancel_tickets', ticketIds: ['t1'], refundMinor });
    expect(problemWithEdit(cancel(4500), facts())).toBeUndefined();
    expect(problemWithEdit(cancel(9000), facts())).toMatch(/exceeds the 8700/);
    expect(
      problemWithEdit(
        cancel(1),
        facts({ refundableMinor: null, refundRefusal: 'refunds close 48 hours before doors open' }),
      ),
    ).toMatch(/allows no refund \(refunds close/);
    expect(problemWithEdit(cancel(0), facts({ refundableMinor: null }))).toBeUndefined();
    expect(editRefundMinor(cancel(4500))).toBe(4500);
  });

  it('upgrades only to another type of the same event; a dearer one is paid at commit', () => {
    const upgrade = (to: string) =>
      parseOrderEdit({ type: 'upgrade_ticket', ticketId: 't1', toTicketTypeId: to });
    expect(problemWithEdit(upgrade('ga2'), facts())).toBeUndefined();
    expect(problemWithEdit(upgrade('vip'), facts())).toBeUndefined();
    expect(problemWithEdit(upgrade('other'), facts())).toMatch(/not of this event/);
    expect(problemWithEdit(upgrade('ga'), facts())).toMatch(/already has this type/);
  });
});
