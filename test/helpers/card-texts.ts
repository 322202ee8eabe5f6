import fc from 'fast-check';

/** Generators for the card-redaction properties: card numbers of the real brands, written the
 * ways people write them, inside buyer text (the numbers that must survive are in
 * non-card-texts.ts). */

/** Issuer prefixes and lengths (13–19) of the brands buyers pay with. */
const BRANDS: { prefixes: string[]; lengths: number[] }[] = [
  { prefixes: ['4'], lengths: [13, 16, 19] }, // Visa
  { prefixes: ['51', '53', '55', '2221', '2720'], lengths: [16] }, // Mastercard
  { prefixes: ['34', '37'], lengths: [15] }, // Amex
  { prefixes: ['6011', '65', '644'], lengths: [16, 19] }, // Discover
  { prefixes: ['3528', '3589'], lengths: [16, 19] }, // JCB
  { prefixes: ['36', '300', '38'], lengths: [14, 16] }, // Diners
  { prefixes: ['62'], lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixes: ['5018', '6759', '6304'], lengths: [13, 15, 18] }, // Maestro
];

/** The digit that makes `body` + digit pass Luhn. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A valid card number (ASCII digits). */
export const cardNumber = (): fc.Arbitrary<string> =>
  fc
    .constantFrom(...BRANDS)
    .chain((brand) =>
      fc.tuple(
        fc.constantFrom(...brand.prefixes),
        fc.constantFrom(...brand.lengths),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
      ),
    )
    .map(([prefix, length, fill]) => {
      const body = (prefix + fill.join('')).slice(0, length - 1);
      return body + luhnCheckDigit(body);
    });

/** Zero of each script the properties write digits in: ASCII, full-width, Arabic-Indic,
 * Devanagari, mathematical bold. */
const SCRIPTS = [0x30, 0xff10, 0x660, 0x966, 0x1d7ce];
export const digitScript = (): fc.Arbitrary<number> => fc.constantFrom(...SCRIPTS);
export const inScript = (digits: string, zero: number): string =>
  digits.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));

/** Separators between groups: spaces of several widths, doubled, dots, dashes, slashes. */
const SEPARATOR = fc.constantFrom(
  ' ',
  '  ',
  '   ',
  '\u00a0',
  '\u2009',
  '\u202f',
  '\u3000',
  '.',
  '-',
  '/',
  ' - ',
  '–',
  '．',
);

/** How the digits are grouped: contiguous, fours (last group shorter), or the Amex and
 * Diners 4-6-x layout. */
function groupsOf(card: string, layout: 'contiguous' | 'fours' | 'four-six'): string[] {
  if (layout === 'contiguous') return [card];
  if (layout === 'four-six' && (card.length === 15 || card.length === 14)) {
    return [card.slice(0, 4), card.slice(4, 10), card.slice(10)];
  }
  return card.match(/.{1,4}/g)!;
}

/** A card number as a buyer might type it: any grouping, one separator throughout or a mix,
 * any digit script. */
export const writtenCard = (card: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('contiguous', 'fours', 'four-six' as const),
      fc.boolean(),
      SEPARATOR,
      fc.array(SEPARATOR, { minLength: 4, maxLength: 4 }),
      digitScript(),
    )
    .map(([layout, mixed, one, many, zero]) => {
      const groups = groupsOf(card, layout as 'contiguous' | 'fours' | 'four-six');
      const joined = groups.reduce((text, g, i) =>
        i === 0 ? g : text + (mixed ? many[i - 1] : one) + g,
      );
      return inScript(joined, zero);
    });

/** Words in the languages buyers write, and emoji. */
export const WORDS = [
  'hola',
  'mi tarjeta',
  'bonjour',
  'ma carte',
  'meine Karte',
  'il mio',
  'cartão',
  'please refund',
  'charged twice',
  'número',
  'gracias',
  '🙏',
  '😡😡',
  '🎟️',
  'привет',
  '你好',
  'مرحبا',
  'नमस्ते',
];

/** Numbers buyers write around a card, digits included, none of them card-like. */
const NOISE_NUMBERS = [
  'ORD-7F3K2',
  'ord 9x8w7',
  '2 tickets',
  'row 12 seat 4',
  '€45',
  '12,50 €',
  '$1,234.56',
  '12.05.2025',
  '+44 20 7946 0958',
  '030 1234567',
  '19:30',
  '#3',
];

export const noise = (): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...NOISE_NUMBERS)), {
      maxLength: 5,
    })
    .map((parts) => parts.join(' '));

/** Between surrounding text and the card: as tight as a space or a newline, or a label. */
const JOINER = fc.constantFrom(' ', '\n', ': ', ' - ', ' is ', ' nº ', ', ');

/** A card written somehow, inside buyer text that may hold other digits right next to it. */
export const cardInText = (): fc.Arbitrary<{
  card: string;
  text: string;
  /** where the card is written in `text` */
  at: { start: number; end: number };
}> =>
  cardNumber().chain((card) =>
    fc
      .tuple(noise(), JOINER, writtenCard(card), JOINER, noise())
      .map(([before, j1, written, j2, after]) => {
        const start = before.length + j1.length;
        return {
          card,
          text: `${before}${j1}${written}${j2}${after}`,
          at: { start, end: start + written.length },
        };
      }),
  );

const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const year = fc.integer({ min: 25, max: 39 });

/** An expiry as written after a card: bare or with a keyword, in several languages. */
const expiry = fc
  .tuple(
    month,
    year,
    fc.constantFrom('/', '-', ' / '),
    fc.boolean(),
    fc.constantFrom(
      '',
      'exp ',
      'exp. ',
      'expiry: ',
      'valid thru ',
      'vence ',
      'gültig bis ',
      'scadenza ',
    ),
  )
  .map(([m, y, sep, long, word]) => ({ word, value: `${m}${sep}${long ? 2000 + y : y}` }));

/** A security code, bare or announced. */
const securityCode = fc
  .tuple(
    fc.integer({ min: 100, max: 9999 }),
    fc.constantFrom(
      '',
      'cvc ',
      'CVV: ',
      'cvv2 ',
      'security code is ',
      'código de seguridad ',
      'code de sécurité : ',
      'Prüfnummer ',
      'codice di sicurezza ',
    ),
  )
  .map(([code, word]) => ({ word, value: String(code) }));

/** Keywords that hold digits themselves; stripped before looking for digits left over. */
export const KEYWORDS_WITH_DIGITS = /cvv2|cvc2|cav2/gi;

/** A card with its expiry and security code after it, in one script: what a buyer pastes
 * when they think the bot takes payments. */
export const cardWithDetails = (): fc.Arbitrary<{ card: string; segment: string }> =>
  cardNumber().chain((card) =>
    fc
      .tuple(
        writtenCard(card),
        expiry,
        securityCode,
        fc.constantFrom(' ', ', ', ' / ', '\n', ' - '),
        fc.boolean(),
        digitScript(),
      )
      .map(([written, exp, code, sep, codeFirst, zero]) => {
        const [first, second] = (codeFirst ? [code, exp] : [exp, code]).map(
          (d) => d.word + inScript(d.value, zero),
        );
        return { card, segment: `${written}${sep}${first}${sep}${second}` };
      }),
  );

/** The three texts a review found stored, summarised and shown with the card in clear. */
export const REVIEW_CARD_TEXTS = [
  '4242424242424242 12/26 cvc 123',
  '4242 4242 4242 4242 123',
  '4242.4242.4242.4242',
];
