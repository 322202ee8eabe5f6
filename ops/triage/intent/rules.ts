/** A few high-precision rules that add evidence on top of the statistical model.
 *
 * They exist for requests the model can under-weight because they are short or phrased in
 * ways the training text cannot all list, but where a phrase alone settles the intent:
 * asking for a human, and trouble at the door (scanner, "already used"). Each rule is a
 * regex over the normalised words (lowercase, no accents, no punctuation; see features.ts)
 * and a weight. How the weight is used is documented in classify.ts. */
import type { Intent } from '../types.js';

export type Rule = { intent: Intent; weight: number; pattern: RegExp; why: string };

const HUMAN =
  '(?:human(?: being)?|real person|real people|actual person|live (?:agent|person|chat|operator)|a person|someone real|(?:the |a )?(?:manager|supervisor)|(?:an? )?(?:agent|operator|representative|rep))';

export const RULES: readonly Rule[] = [
  {
    intent: 'human_agent',
    weight: 1.5,
    pattern: new RegExp(
      `\\b(?:talk|speak|chat|speaking|talking|connect(?: me)?|put me through|transfer me|get me|give me|want|need)\\b(?: \\w+){0,3} (?:to |with )?${HUMAN}\\b`,
    ),
    why: 'explicit request for a person',
  },
  {
    intent: 'human_agent',
    weight: 1.5,
    pattern: new RegExp(
      `^(?:(?:a |an )?${HUMAN}(?: please| pls| now)*|(?:stop|no more) (?:the )?bot)$`,
    ),
    why: 'one-word "human", "agent please"',
  },
  {
    intent: 'checkin_problem',
    weight: 1.5,
    pattern:
      /\b(?:scanner|scanners|scanning|scanned|scan|scans|qr|barcode|bar code)\b(?: \w+){0,6} (?:reject\w*|not|wont|didnt|doesnt|dont|cant|cannot|fail\w*|error|invalid|red|beep\w*|declin\w*|denied|refus\w*|broken)\b|\b(?:reject\w*|not|wont|didnt|doesnt|cant|cannot|fail\w*|refus\w*)\b(?: \w+){0,4} (?:scanner|scanning|scanned|scan|scans|qr|barcode)\b/,
    why: 'a scan that failed',
  },
  {
    intent: 'checkin_problem',
    weight: 1.5,
    pattern:
      /\b(?:already (?:been )?(?:used|scanned|checked in|redeemed)|(?:denied|refused|no) (?:entry|entrance|access|admission)|(?:wont|didnt|dont|not) let (?:me|us|my \w+) in|turned (?:me |us )?away|(?:stuck|waiting|standing|queue\w*) (?:at|outside) (?:the )?(?:door|gate|entrance)|(?:at|outside) the (?:door|gate|entrance)s? (?:and|but|they|it|the))\b/,
    why: 'refused at the door',
  },
];

/** The rules that fire on already-normalised text (words joined by single spaces). */
export function matchRules(normalised: string): Rule[] {
  const hits: Rule[] = [];
  for (const r of RULES) if (r.pattern.test(normalised)) hits.push(r);
  return hits;
}
