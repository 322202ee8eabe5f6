import type { z } from 'zod';

/** One line per problem, naming the key path and what was expected, e.g.
 * `PORT: expected a number from 1 to 65535, got "abc"`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const where = prefix && path ? `${prefix}.${path}` : prefix || path || '(root)';
      return `${where}: ${issue.message}`;
    })
    .join('\n');
}
