import type { Candidate } from './types.js';

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
/** Domain after the @: labels separated by dots, a letter TLD. Anchored (sticky) at the @ so
 * the scan costs O(length of the address), not O(text²) as a free-floating regex could. */
const DOMAIN_RE =
  /@([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;

/** Emails by scanning from each `@`: at most 64 local characters back, the domain forward.
 * Value is lowercased (customers.email is stored lowercased). */
export function findEmails(text: string): Candidate[] {
  const out: Candidate[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    // Local part may not start or end with a dot.
    while (start < at && text.charAt(start) === '.') start++;
    DOMAIN_RE.lastIndex = at;
    const m = DOMAIN_RE.exec(text);
    if (m && start < at && text.charAt(at - 1) !== '.') {
      const end = at + m[0].length;
      out.push({ type: 'email', value: text.slice(start, end).toLowerCase(), start, end });
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
  return out;
}
