import { describe, expect, it } from 'vitest';
import { needsApproval } from '../../ops/approvals/automation.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { holderNameIn } from '../../ops/pipeline/holder-name.js';

describe('what waits for a staff approval', () => {
  it('by default everything', () => {
    const policy = parsePolicy('');
    expect(needsApproval(policy, { kind: 'refund_commit' })).toBe(true);
    expect(
      needsApproval(policy, { kind: 'order_edit_commit', editType: 'change_holder_name' }),
    ).toBe(true);
  });

  it('an edit waits when its kind or its own type is listed', () => {
    const policy = parsePolicy(
      'policy:\n  require_approval_for: [refund_commit, transfer_ticket]\n',
    );
    expect(needsApproval(policy, { kind: 'refund_commit' })).toBe(true);
    expect(needsApproval(policy, { kind: 'order_edit_commit', editType: 'transfer_ticket' })).toBe(
      true,
    );
    expect(
      needsApproval(policy, { kind: 'order_edit_commit', editType: 'change_holder_name' }),
    ).toBe(false);
    const none = parsePolicy('policy:\n  require_approval_for: []\n');
    expect(needsApproval(none, { kind: 'refund_commit' })).toBe(false);
  });

  it('refuses an action name it does not know', () => {
    expect(() => parsePolicy('policy:\n  require_approval_for: [refund_everything]\n')).toThrow(
      /require_approval_for/,
    );
  });
});

describe('reading a holder name from a buyer answer', () => {
  it('takes names in any script, with the usual lead-ins', () => {
    expect(holderNameIn('Jane Doe')).toBe('Jane Doe');
    expect(holderNameIn('  the new name is  Zoë  O’Brien-Núñez. ')).toBe('Zoë O’Brien-Núñez');
    expect(holderNameIn("it's José María")).toBe('José María');
    expect(holderNameIn('李小龍')).toBe('李小龍');
  });

  it('refuses what is no name', () => {
    for (const text of [
      '',
      'x',
      'ORD-7F3K2',
      'jane@example.com',
      'call 0151 2345678',
      'https://a.b',
      'a'.repeat(120),
      '<script>',
    ]) {
      expect(holderNameIn(text)).toBeUndefined();
    }
  });
});
