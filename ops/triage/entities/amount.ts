import type { Candidate } from './types.js';

/** Currencies buyers write, by symbol, code or word. ISO 4217 minor-unit exponents: all of
 * these have 2 decimals except JPY (0). */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  $: 'USD',
  us$: 'USD',
  a$: 'AUD',
  c$: 'CAD',
  '£': 'GBP',
  '¥': 'JPY',
};
const WORDS: Record<string, string> = {
  euro: 'EUR',
  euros: 'EUR',
  dollar: 'USD',
  dollars: 'USD',
  bucks: 'USD',
  pound: 'GBP',
  pounds: 'GBP',
  franken: 'CHF',
  francs: 'CHF',
  yen: 'JPY',
};
const CODES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'];
const ZERO_DECIMALS = new Set(['JPY']);

const NUMBER = String.raw`\d{1,3}(?:[.,'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const PREFIX = String.raw`US\$|A\$|C\$|[€$£¥]|(?:${CODES.join('|')})(?= ?\d)`;
const SUFFIX = String.raw`[€$£¥]|(?:${CODES.join('|')}|${Object.keys(WORDS).join('|')})(?![\p{L}])`;
/** `€45`, `€ 45`, `US$12`, `EUR 45` (prefix) or `45 EUR`, `12,50 €`, `45€`, `45 euros` (suffix). */
const AMOUNT_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:(${PREFIX}) ?(${NUMBER})|(${NUMBER}) ?(${SUFFIX}))(?![\p{N}])`,
  'giu',
);

/** Amounts with a currency. Value: `"<integer minor units> <ISO 4217 code>"`, e.g. `€45` ->
 * `"4500 EUR"`, `$12.50` -> `"1250 USD"`, `¥4500` -> `"4500 JPY"` — the same integer
 * minor-units representation the orders table stores. A number without a currency is not
 * an amount (it could be a quantity, a row, a code). */
export function findAmounts(text: string): Candidate[] {
  // Every amount has a number, and `\d` is ASCII-only here as in NUMBER: no digit, no amount.
  if (!/\d/.test(text)) return [];
  const out: Candidate[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const currency = currencyOf(m[1] ?? m[4] ?? '');
    const minor = currency ? toMinorUnits(m[2] ?? m[3] ?? '', currency) : undefined;
    if (!currency || minor === undefined) continue;
    out.push({
      type: 'amount',
      value: `${minor} ${currency}`,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

function currencyOf(token: string): string | undefined {
  const lower = token.toLowerCase();
  return (
    SYMBOLS[lower] ??
    WORDS[lower] ??
    (CODES.includes(token.toUpperCase()) ? token.toUpperCase() : undefined)
  );
}

/** `12,50` and `12.50` are decimals (1–2 digits after the last mark); `1.234` and `1,234` are
 * thousands; `1.234,56` and `1,234.56` both mean 1234.56. */
function toMinorUnits(raw: string, currency: string): number | undefined {
  const decimal = /[.,](\d{1,2})$/.exec(raw);
  const whole = (decimal ? raw.slice(0, decimal.index) : raw).replace(/[.,'\u00a0\u202f]/g, '');
  const fraction = (decimal?.[1] ?? '').padEnd(2, '0');
  const exponent = ZERO_DECIMALS.has(currency) ? 0 : 2;
  const minor = exponent === 0 ? Number(whole) : Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(minor) ? minor : undefined;
}
