import fc from 'fast-check';
import { WORDS } from './card-texts.js';

/** Buyer text with numbers that are not card data: order and ticket codes, phone numbers
 * (E.164 and national), amounts, dates, times, seats. Joined as sentences are (words or
 * punctuation between two numbers). */
const crockford = fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ');
const orderCode = fc
  .tuple(fc.array(crockford, { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 9 }))
  .map(([chars, d]) => `ORD-${chars.join('')}${d}`);
const ticketCode = fc
  .tuple(
    fc.array(fc.constantFrom(...'ABCDEFGHJKMNPQRSTVWXYZ'), { minLength: 8, maxLength: 8 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('-', ' ', ''),
  )
  .map(([letters, digits, sep]) => {
    const chars = letters.map((l, i) => `${l}${digits[i]}`).join('');
    return chars.match(/.{4}/g)!.join(sep);
  });
const digitsOf = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
    .map((d) => d.join(''));
/** `+CC` and a national number of 7–12 digits in groups of 2–4: every E.164 number. */
const internationalPhone = fc
  .tuple(
    fc.integer({ min: 1, max: 999 }),
    fc.array(digitsOf(2, 4), { minLength: 2, maxLength: 4 }),
    fc.constantFrom(' ', '-', '.', ''),
  )
  .filter(([, groups]) => {
    const n = groups.join('').length;
    return n >= 7 && n <= 12;
  })
  .map(([cc, groups, sep]) => `+${cc} ${groups.join(sep)}`);
const nationalPhone = digitsOf(8, 10).map((d) => `0${d.slice(0, 3)} ${d.slice(3)}`);
const amount = fc
  .tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }))
  .chain(([whole, cents]) =>
    fc.constantFrom(
      `€${whole}`,
      `${whole.toLocaleString('de-DE')},${String(cents).padStart(2, '0')} €`,
      `$${whole.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`,
      `${whole} EUR`,
      `${whole.toLocaleString('fr-FR')} €`,
    ),
  );
const date = fc
  .tuple(
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 2020, max: 2030 }),
  )
  .chain(([d, m, y]) => {
    const dd = String(d).padStart(2, '0');
    const mm = String(m).padStart(2, '0');
    return fc.constantFrom(
      `${dd}/${mm}/${y}`,
      `${y}-${mm}-${dd}`,
      `${dd}.${mm}.${y}`,
      `${dd}.${mm}.${y} - ${String(Math.min(d + 2, 28)).padStart(2, '0')}.${mm}.${y}`,
      `${y}-${mm}-${dd} 19:30`,
      `${dd}/${mm}`,
    );
  });
const seats = fc
  .array(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 6 })
  .map((s) => `seats ${s.join(' ')}`);

export const nonCardNumber = (): fc.Arbitrary<string> =>
  fc.oneof(orderCode, ticketCode, internationalPhone, nationalPhone, amount, date, seats);

export const nonCardText = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        nonCardNumber(),
        fc.constantFrom(...WORDS),
        fc.constantFrom(', ', ' and ', '. ', ' 🙏 ', ' o '),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.map(([n, w, j]) => `${w} ${n}${j}`).join(''));
