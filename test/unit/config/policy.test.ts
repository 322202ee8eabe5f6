import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy } from '../../../ops/config/policy.js';
import { ValidationError } from '../../../ops/errors.js';

describe('policy file', () => {
  it('fills safe defaults for an empty file', () => {
    const policy = parsePolicy('');
    expect(policy.policy.require_approval_for).toEqual(['refund_commit', 'order_edit_commit']);
    expect(policy.policy.minimize_pii_storage).toBe(true);
    expect(policy.sla.P1.first_response_minutes).toBeLessThan(policy.sla.P4.first_response_minutes);
    expect(policy.queues.map((q) => q.name)).toContain('billing');
  });

  it('keeps what the file says', () => {
    const policy = parsePolicy(
      'policy:\n  require_approval_for: [refund_commit]\n  minimize_pii_storage: false\n',
    );
    expect(policy.policy.require_approval_for).toEqual(['refund_commit']);
    expect(policy.policy.minimize_pii_storage).toBe(false);
  });

  it('names the key path of a bad value', () => {
    expect(() => parsePolicy('policy:\n  require_approval_for: [refund_everything]\n')).toThrow(
      /policy\.require_approval_for\.0: /,
    );
    expect(() =>
      parsePolicy('sla:\n  P1: { first_response_minutes: -5, resolution_minutes: 10 }\n'),
    ).toThrow(/sla\.P1\.first_response_minutes: /);
  });

  it('refuses a misspelt key instead of dropping a safeguard', () => {
    expect(() => parsePolicy('policy:\n  require_aproval_for: []\n')).toThrow(
      /policy: Unrecognized key: "require_aproval_for"/,
    );
  });

  it('refuses duplicate queue names and broken YAML', () => {
    expect(() => parsePolicy('queues:\n  - name: billing\n  - name: billing\n')).toThrow(
      /queues\.1\.name: duplicate queue "billing"/,
    );
    expect(() => parsePolicy('policy: [unclosed')).toThrow(/not valid YAML/);
  });

  it('loads the example file shipped with the project', () => {
    const { policy } = loadPolicy('ticketops.example.yaml');
    expect(policy.policy.require_approval_for).toContain('refund_commit');
  });

  it('uses built-in defaults when the default path is absent, but an explicit path must exist', () => {
    expect(loadPolicy(undefined).source).toMatch(/built-in defaults|ticketops\.yaml/);
    const missing = join(mkdtempSync(join(tmpdir(), 'tops-')), 'nope.yaml');
    expect(() => loadPolicy(missing)).toThrow(ValidationError);
    expect(() => loadPolicy(missing)).toThrow(/TICKETOPS_CONFIG: file not found/);
    const bad = join(mkdtempSync(join(tmpdir(), 'tops-')), 'bad.yaml');
    writeFileSync(bad, 'risk:\n  review_score: 500\n');
    expect(() => loadPolicy(bad)).toThrow(/bad\.yaml: invalid policy:\nrisk\.review_score: /);
  });
});
