import { digitZeros } from './digit-zeros.js';

/** The value (0–9) of a decimal digit in any script — ASCII, full-width (U+FF10–FF19),
 * Arabic-Indic, Devanagari, mathematical bold… — or -1 for anything else. NFKC folds only
 * some of these (full-width, mathematical) and leaves Arabic-Indic or Devanagari digits as
 * they are; reading values directly covers all of them and keeps offsets into the original
 * text, which is what gets replaced. */
export function digitValue(codePoint: number): number {
  if (codePoint >= 48 && codePoint <= 57) return codePoint - 48;
  if (codePoint < 0x660) return -1;
  const table = digitZeros();
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid]! <= codePoint) lo = mid;
    else hi = mid - 1;
  }
  const offset = codePoint - table[lo]!;
  return offset >= 0 && offset <= 9 ? offset : -1;
}
