import { describe, expect, it } from 'vitest';
import { SignInLimiter } from '../../../bot/http/sign-in-limiter.js';
import { StaffSignInLimits } from '../../../bot/http/staff-sign-in-limits.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 4, 14, 10);

describe('sign-in limits (clock passed in)', () => {
  it('a key is blocked at the limit until its oldest failure leaves the window', () => {
    const limiter = new SignInLimiter(3, 15 * MINUTE);
    limiter.fail('a', T0);
    limiter.fail('a', T0 + MINUTE);
    expect(limiter.blockedFor('a', T0 + MINUTE)).toBe(0);
    limiter.fail('a', T0 + 2 * MINUTE);
    expect(limiter.blockedFor('a', T0 + 2 * MINUTE)).toBe(13 * 60);
    expect(limiter.blockedFor('b', T0 + 2 * MINUTE)).toBe(0);
    expect(limiter.blockedFor('a', T0 + 15 * MINUTE)).toBe(0);
  });

  it('counts an address and a member separately; a right password clears both', () => {
    const limits = new StaffSignInLimits(new SignInLimiter(3), new SignInLimiter(2));
    limits.fail('10.0.0.1', 'sam', T0);
    limits.fail('10.0.0.2', 'sam', T0);
    // Two addresses, one member: the member is blocked wherever the next try comes from.
    expect(limits.blocked('10.0.0.3', 'sam', T0)).toMatchObject({ by: 'member' });
    expect(limits.blocked('10.0.0.3', 'mia', T0)).toBeUndefined();
    // Unknown ids are not counted per member, only per address.
    for (let i = 0; i < 3; i++) limits.fail('10.0.0.4', undefined, T0);
    expect(limits.blocked('10.0.0.4', 'mia', T0)).toMatchObject({ by: 'address' });
    expect(limits.blocked('10.0.0.4', undefined, T0)?.seconds).toBe(15 * 60);

    limits.succeed('10.0.0.1', 'sam');
    expect(limits.blocked('10.0.0.3', 'sam', T0)).toBeUndefined();
  });
});
