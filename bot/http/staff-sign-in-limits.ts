import { SignInLimiter } from './sign-in-limiter.js';

export type SignInBlock = { seconds: number; by: 'address' | 'member' };

/** The console's two sign-in limits. Per address stops one client trying many passwords or
 * many members; per member stops many addresses sharing the guessing of one member's
 * password. The price of the second is that a stranger can keep a member out for a window
 * by failing on purpose; the member's colleagues can still work, and the window ends. */
export class StaffSignInLimits {
  constructor(
    private readonly byAddress = new SignInLimiter(10),
    private readonly byMember = new SignInLimiter(10),
  ) {}

  /** How long this sign-in must wait, or undefined when it may go ahead. `staffId` is only
   * given for configured members, so invented ids cannot grow the table. */
  blocked(address: string, staffId: string | undefined, now = Date.now()): SignInBlock | undefined {
    const fromAddress = this.byAddress.blockedFor(address, now);
    if (fromAddress > 0) return { seconds: fromAddress, by: 'address' };
    const member = staffId ? this.byMember.blockedFor(staffId, now) : 0;
    if (member > 0) return { seconds: member, by: 'member' };
    return undefined;
  }

  fail(address: string, staffId: string | undefined, now = Date.now()): void {
    this.byAddress.fail(address, now);
    if (staffId) this.byMember.fail(staffId, now);
  }

  /** A right password clears the address and that member. A guesser with an account of
   * their own can so reset their address between guesses, but not the count of the member
   * they are guessing at: only that member's password clears it. */
  succeed(address: string, staffId: string): void {
    this.byAddress.succeed(address);
    this.byMember.succeed(staffId);
  }
}
