import type { Policy } from '../config/index.js';

const SEVERITY_RANK = { P1: 1, P2: 2, P3: 3, P4: 4 } as const;
type Severity = keyof typeof SEVERITY_RANK;

/** The queue a case goes to: the first queue in the policy file naming its intent, else the
 * first naming its category (and whose min_severity the case meets), else the last queue. */
export function routeCase(
  policy: Policy,
  input: { intent: string; category: string; severity: Severity },
): string {
  const meets = (min: Severity | undefined) =>
    !min || SEVERITY_RANK[input.severity] <= SEVERITY_RANK[min];
  const byIntent = policy.queues.find(
    (q) => q.intents.includes(input.intent) && meets(q.min_severity),
  );
  if (byIntent) return byIntent.name;
  const byCategory = policy.queues.find(
    (q) => q.categories.includes(input.category) && meets(q.min_severity),
  );
  return (byCategory ?? policy.queues[policy.queues.length - 1]!).name;
}
