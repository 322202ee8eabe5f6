/** Crockford base32 as used for order and ticket codes: digits and letters minus I, L, O, U
 * (they read like 1, 1, 0 and V, so codes printed or read aloud stay unambiguous). */
export const CROCKFORD_CLASS = '0-9A-HJKMNP-TV-Za-hjkmnp-tv-z';

/** Crockford's decoding rule: a buyer who types O means 0 and I or L means 1. */
export function decodeCrockford(raw: string): string {
  return raw.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const isCrockford = (s: string): boolean => /^[0-9A-HJKMNP-TV-Z]+$/.test(s);
