import { describe, expect, it } from 'vitest';
import { extractEntities, type KnownEvent } from '../../../ops/triage/entities/index.js';
import type { EntityType } from '../../../ops/triage/types.js';

const NOW = new Date('2025-05-14T10:00:00Z'); // a Wednesday

/** Entities of one type as [as written, value] pairs; every span is checked against the text. */
function found(text: string, type: EntityType, options = {}): [string, string][] {
  const entities = extractEntities(text, { now: NOW, ...options });
  for (const e of entities) {
    expect(e.start).toBeGreaterThanOrEqual(0);
    expect(e.end).toBeLessThanOrEqual(text.length);
    expect(e.start).toBeLessThan(e.end);
  }
  return entities.filter((e) => e.type === type).map((e) => [text.slice(e.start, e.end), e.value]);
}

describe('order codes', () => {
  it('finds canonical, lowercase, spaced and prefixed variants', () => {
    const text = 'Refund ORD-7F3K2, or ord 7f3k2, or ORD#AB12C, or (ord-9x8w7v6t5s).';
    expect(found(text, 'order_code')).toEqual([
      ['ORD-7F3K2', 'ORD-7F3K2'],
      ['ord 7f3k2', 'ORD-7F3K2'],
      ['ORD#AB12C', 'ORD-AB12C'],
      ['ord-9x8w7v6t5s', 'ORD-9X8W7V6T5S'],
    ]);
  });
  it('decodes O/I/L typed for 0/1 and rejects U, wrong lengths and words', () => {
    expect(found('ORD-7F3KO', 'order_code')).toEqual([['ORD-7F3KO', 'ORD-7F3K0']]);
    expect(found('ORD-7U3K2 ORD-7F3 ORD-12345678901 order status ordinary', 'order_code')).toEqual(
      [],
    );
  });
});

describe('ticket codes', () => {
  it('finds 16-character secrets, grouped or not', () => {
    const text = 'code 8Q2M-4K7P-ZX3N-9R5T and 8q2m 4k7p zx3n 9r5t and 8Q2M4K7PZX3N9R5T.';
    expect(found(text, 'ticket_code').map(([raw, v]) => [raw.length, v])).toEqual([
      [19, '8Q2M4K7PZX3N9R5T'],
      [19, '8Q2M4K7PZX3N9R5T'],
      [16, '8Q2M4K7PZX3N9R5T'],
    ]);
  });
  it('ignores ordinary words and card numbers', () => {
    expect(found('please send my tickets to me now', 'ticket_code')).toEqual([]);
    expect(found('card 4111 1111 1111 1111', 'ticket_code')).toEqual([]);
  });
});

describe('emails', () => {
  it('finds addresses, lowercases the value, leaves trailing punctuation out', () => {
    expect(found('Mail Jane.Doe+x@Example.co.uk. Thanks', 'email')).toEqual([
      ['Jane.Doe+x@Example.co.uk', 'jane.doe+x@example.co.uk'],
    ]);
    expect(found('a@b, @handle, x@y.z', 'email')).toEqual([]);
  });
});

describe('phones', () => {
  it('finds international and national formats', () => {
    const text =
      'Call +49 30 1234567, (555) 123-4567, 0044 20 7946 0958, 030 1234567 or 06.12.34.56.78.';
    expect(found(text, 'phone')).toEqual([
      ['+49 30 1234567', '+49301234567'],
      ['(555) 123-4567', '5551234567'],
      ['0044 20 7946 0958', '+442079460958'],
      ['030 1234567', '0301234567'],
      ['06.12.34.56.78', '0612345678'],
    ]);
  });
  it('does not mistake cards, order codes, amounts, dates or ids for phones', () => {
    const text =
      'card 4111 1111 1111 1111 / 4111111111111111, ORD-0301234567, €1,234,567, 2024-05-12 12:00, 12.05.2025, order 12345678';
    expect(found(text, 'phone')).toEqual([]);
    expect(extractEntities('4111 1111 1111 1111').length).toBe(0);
  });
});

describe('amounts', () => {
  it('normalises to integer minor units and an ISO currency', () => {
    const text = '€45, 45 EUR, $12.50, 12,50 €, 1.234,56 EUR, 45 euros, ¥4500, US$12, £3';
    expect(found(text, 'amount')).toEqual([
      ['€45', '4500 EUR'],
      ['45 EUR', '4500 EUR'],
      ['$12.50', '1250 USD'],
      ['12,50 €', '1250 EUR'],
      ['1.234,56 EUR', '123456 EUR'],
      ['45 euros', '4500 EUR'],
      ['¥4500', '4500 JPY'],
      ['US$12', '1200 USD'],
      ['£3', '300 GBP'],
    ]);
  });
  it('needs a currency', () => {
    expect(found('2 tickets at 45 each', 'amount')).toEqual([]);
  });
});

describe('dates', () => {
  it('resolves absolute and relative dates against now', () => {
    const text =
      'on 2025-06-01, 12/05, 31/12/2024, 12.05.2025, May 12, 12th of May, tomorrow, tonight, Friday, next Friday, last friday';
    expect(found(text, 'date')).toEqual([
      ['2025-06-01', '2025-06-01'],
      ['12/05', '2025-05-12'],
      ['31/12/2024', '2024-12-31'],
      ['12.05.2025', '2025-05-12'],
      ['May 12', '2025-05-12'],
      ['12th of May', '2025-05-12'],
      ['tomorrow', '2025-05-15'],
      ['tonight', '2025-05-14'],
      ['Friday', '2025-05-16'],
      ['next Friday', '2025-05-16'],
      ['last friday', '2025-05-09'],
    ]);
  });
  it('keeps vague phrases as phrases, honours month-first order and the time zone', () => {
    expect(found('this  Weekend', 'date')).toEqual([['this  Weekend', 'this weekend']]);
    expect(found('05/12', 'date', { dateOrder: 'mdy' })).toEqual([['05/12', '2025-05-12']]);
    expect(
      found('today', 'date', { now: new Date('2025-05-14T23:30:00Z'), timeZone: 'Europe/Berlin' }),
    ).toEqual([['today', '2025-05-15']]);
  });
  it('ignores prices, invalid dates and greetings', () => {
    expect(found('it costs 12.50, 31/02, guten Morgen', 'date')).toEqual([]);
  });
});

describe('event names', () => {
  const events: KnownEvent[] = [
    { id: 'evt_ring', name: 'Rock am Ring', slug: 'rock-am-ring' },
    { id: 'evt_fete', name: 'Fête de la Musique', slug: 'fete-musique' },
  ];
  it('matches names and slugs ignoring case and accents, with original spans', () => {
    const text = 'Tickets for ROCK-AM-RING and the fete de la  musique, not rockamring';
    expect(found(text, 'event_name', { knownEvents: events })).toEqual([
      ['ROCK-AM-RING', 'evt_ring'],
      ['fete de la  musique', 'evt_fete'],
    ]);
  });
  it('keeps the span right after characters that fold to several', () => {
    const text = '🎸 İstanbul Fête de la Musique!';
    expect(found(text, 'event_name', { knownEvents: events })).toEqual([
      ['Fête de la Musique', 'evt_fete'],
    ]);
  });
});

describe('seats', () => {
  it('reads section, row and seat', () => {
    const text = 'row F seat 12; section 104; block C; Block C, Reihe 5, Platz 12';
    expect(found(text, 'seat')).toEqual([
      ['row F seat 12', 'row=F seat=12'],
      ['section 104', 'section=104'],
      ['block C', 'section=C'],
      ['Block C, Reihe 5, Platz 12', 'section=C row=5 seat=12'],
    ]);
  });
  it('does not read ordinary words as seats', () => {
    expect(found('three in a row of angry emails, block my card', 'seat')).toEqual([]);
  });
  it('reads labels in any case, accented ones included', () => {
    expect(found('SIÈGE 7, Rangée 4, BLK 2', 'seat')).toEqual([
      ['SIÈGE 7', 'seat=7'],
      ['Rangée 4', 'row=4'],
      ['BLK 2', 'section=2'],
    ]);
  });
  it('stays fast on a label followed by a long run of separators', () => {
    // Scanning from every position of the run once took minutes on 8 KB (nested optional
    // whitespace); the pattern now starts only where a label can follow.
    const t0 = performance.now();
    expect(found(`row${' '.repeat(8000)}`, 'seat')).toEqual([]);
    expect(found(`seat ${',-/;'.repeat(2000)}`, 'seat')).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('overlaps', () => {
  it('prefers the longer, more specific entity', () => {
    const events: KnownEvent[] = [{ id: 'evt_fnl', name: 'Friday Night Live', slug: 'fnl' }];
    const text = 'friday night live, ord-0301234567';
    expect(extractEntities(text, { now: NOW, knownEvents: events }).map((e) => e.type)).toEqual([
      'event_name',
      'order_code',
    ]);
  });
});
