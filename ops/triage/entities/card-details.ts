import type { Span } from './card-spans.js';
import { digitValue } from './digit-value.js';

export type CardDetailSpan = Span & { kind: 'expiry' | 'security_code' };

/** Words that announce a card security code, in the languages buyers write (and PIN, which
 * is worse to keep than a CVC). Accents optional: buyers often drop them. */
const SECURITY_CODE_WORDS = [
  'cvc2?',
  'cvv2?',
  'cvn',
  'cid',
  'csc',
  'cav2',
  'pin',
  'card (?:security |verification )?code',
  'security code',
  'verification (?:code|number|value)',
  'c[oó]d(?:igo|\\.)? (?:de )?segur(?:idad|an[çc]a)',
  'c[oó]digo (?:de )?verifica(?:ci[oó]n|[çc][ãa]o)',
  'code (?:de )?s[ée]curit[ée]',
  'cryptogramme(?: visuel)?',
  '(?:karten)?pr(?:ü|ue|u)f(?:nummer|ziffer|code)',
  'sicherheits(?:code|nummer)',
  'codice (?:di )?(?:sicurezza|verifica)',
];

/** Words that announce a card's expiry date. */
const EXPIRY_WORDS = [
  'exp(?:iry|iration|ires|ire)?\\.?(?: date)?',
  'valid (?:thru|through|until|till|to)',
  'good thru',
  'venc(?:e|imiento|imento)?\\.?',
  'caduc(?:idad|a)',
  'fecha de (?:caducidad|vencimiento|expiraci[oó]n)',
  'expira(?:ci[oó]n)?',
  "date d['’]exp(?:iration)?",
  'fin de validit[ée]',
  "valable jusqu['’](?:à|au)",
  'g(?:ü|ue|u)ltig bis',
  'ablaufdatum',
  'l(?:ä|ae|a)uft ab',
  'validade',
  'v[áa]lid[oa] at[ée]',
  'scad(?:enza|e)',
];

const D = '\\p{Nd}';
const MARK = '[/\\-.．／－]';
/** MM/YY, MM/YYYY, MM-YY, MM.YY (spaces allowed around the mark), or three or four bare
 * digits (a code, or MMYY). Neither may sit inside more digit groups: `12/05/2025` is a date
 * and `123-456` a one-time code, not card details. */
const VALUE_AT = new RegExp(
  `(?<!${D}${MARK})(?:(?<expiry>${D}{1,2} ?${MARK} ?(?:${D}{4}|${D}{2}))|(?<code>${D}{3,4}))(?!${D}|${MARK} ?${D})`,
  'uy',
);
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}])';
const ANY_WORD = [...SECURITY_CODE_WORDS, ...EXPIRY_WORDS].join('|');
const ANY_KEYWORD = new RegExp(ANY_WORD, 'iu');

/** A keyword and what may follow it before its value (punctuation, up to four short words:
 * "is", "es", "on the back"), at the end of the text before a value. */
const KEYWORD_BEFORE = new RegExp(
  `${WORD_START}(?:(?<codeWord>${SECURITY_CODE_WORDS.join('|')})|(?<expiryWord>${EXPIRY_WORDS.join('|')}))${WORD_END}(?:[ \\t]*[:=#\\-–]|[ \\t]+\\p{L}{1,8}${WORD_END}){0,4}[ \\t]*$`,
  'iu',
);
const EXPIRY_WORD_BEFORE = new RegExp(`(?:${EXPIRY_WORDS.join('|')})[^\\p{L}\\p{N}]*$`, 'iu');

/** What may sit between a card number and its expiry or code, or between those two:
 * punctuation, the keywords, and a few short words ("and the cvc is"). Ten pieces at most,
 * and never a digit, a currency sign or an @: the chain stops at the next other number. */
const ONLY_FILLER = new RegExp(
  `^(?:[\\s,;:|()\\[\\]/.\\-–—=#&+]|${WORD_START}(?:${ANY_WORD}|\\p{L}{1,8})${WORD_END}){0,10}$`,
  'iu',
);
/** How far back a keyword, or forward from a card its details, are looked for. */
const REACH = 64;
const DIGITS_RE = /\p{Nd}+/gu;

/** Expiry dates and security codes that would complete a card: the ones right after a card
 * number (with only punctuation, keywords or a few short words between, and each one
 * extending the reach to the next), and the ones a keyword announces anywhere.
 * `4242424242424242 12/26 cvc 123` leaves nothing but the words. A bare date or number
 * elsewhere is just that and stays. Driven by the digits in the text, which are few: only a
 * value is looked at, and only the text before it is searched for a keyword. */
export function findCardDetailSpans(text: string, cards: readonly Span[]): CardDetailSpan[] {
  // Without a card, only a keyword makes a value card data: no keyword anywhere (the common
  // case, one scan), nothing to look at.
  const keywords = ANY_KEYWORD.test(text);
  if (cards.length === 0 && !keywords) return [];
  const chainEnds = cards.map((c) => c.end).sort((a, b) => a - b);
  const out: CardDetailSpan[] = [];
  for (const digits of text.matchAll(DIGITS_RE)) {
    VALUE_AT.lastIndex = digits.index;
    const value = VALUE_AT.exec(text);
    if (!value) continue;
    const start = value.index;
    const end = start + value[0].length;
    const keyword = keywords
      ? KEYWORD_BEFORE.exec(text.slice(Math.max(0, start - REACH), start))?.groups
      : undefined;
    const lead = nearestBefore(chainEnds, start);
    const between = lead === undefined ? undefined : text.slice(lead, start);
    const nextToCard =
      between !== undefined && between.length <= REACH && ONLY_FILLER.test(between);
    const kind = kindOf(value.groups ?? {}, keyword ?? {}, nextToCard ? between : undefined);
    if (!kind) continue;
    out.push({ start, end, kind });
    if (nextToCard) {
      chainEnds.push(end);
      chainEnds.sort((a, b) => a - b);
    }
  }
  return out;
}

/** The largest of sorted `ends` at or before `at`. */
function nearestBefore(ends: readonly number[], at: number): number | undefined {
  let found: number | undefined;
  for (const end of ends) {
    if (end > at) break;
    found = end;
  }
  return found;
}

/** What a value is, if it is what its keyword announced: an expiry with a real month after an
 * expiry word, a code after a code word, four digits after an expiry word as MMYY. Next to a
 * card (`between` holds the text from the card to the value) any of them is taken. */
function kindOf(
  value: Record<string, string | undefined>,
  keyword: Record<string, string | undefined>,
  between: string | undefined,
): CardDetailSpan['kind'] | undefined {
  const near = between !== undefined;
  if (value.expiry !== undefined) {
    return validMonth(value.expiry) && (near || keyword.expiryWord) ? 'expiry' : undefined;
  }
  const code = value.code ?? '';
  const afterExpiryWord =
    keyword.expiryWord !== undefined || (near && EXPIRY_WORD_BEFORE.test(between));
  if (afterExpiryWord && code.length === 4 && validMonth(code.slice(0, 2))) return 'expiry';
  return near || keyword.codeWord ? 'security_code' : undefined;
}

/** The month of an expiry (`12/26`, `1/2027`, or the first two digits of `1226`) is 1–12. */
function validMonth(expiry: string): boolean {
  let month = 0;
  for (const ch of expiry) {
    const v = digitValue(ch.codePointAt(0)!);
    if (v < 0) break;
    month = month * 10 + v;
  }
  return month >= 1 && month <= 12;
}
