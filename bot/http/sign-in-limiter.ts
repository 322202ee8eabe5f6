/** Failed sign-ins per key (a client address, a staff member) in a sliding window: enough to
 * stop guessing, not enough to lock out someone who mistyped twice. In memory, per process:
 * with several bot processes an attacker gets a budget per process, which stays far from
 * what guessing a 12-character password needs. */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly max = 10,
    readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds until the key may try again, or 0 when it may try now. */
  blockedFor(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.max]! + this.windowMs - now) / 1000));
  }

  fail(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
