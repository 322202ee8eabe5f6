import type { Entity } from '../types.js';
import { findAmounts } from './amount.js';
import { findOrderCodes, findTicketCodes } from './codes.js';
import { findDates } from './date.js';
import { findEmails } from './email.js';
import { findEventNames } from './event-name.js';
import { findPaymentSpans } from './payment-spans.js';
import { findPhones } from './phone.js';
import { resolveOverlaps } from './resolve.js';
import { findSeats } from './seat.js';
import type { ExtractOptions } from './types.js';

export type { ExtractOptions, KnownEvent } from './types.js';

/** Every entity in `text`, overlaps resolved, in text order. Spans are UTF-16 offsets into
 * `text` itself. Callers bound the input size (classify caps it); each extractor is linear
 * or near-linear in the text length. */
export function extractEntities(text: string, options: ExtractOptions = {}): Entity[] {
  const payment = findPaymentSpans(text);
  const candidates = [
    ...findEmails(text),
    ...findOrderCodes(text),
    ...findTicketCodes(text),
    ...findAmounts(text),
    ...findEventNames(text, options.knownEvents),
    ...findSeats(text),
    ...findDates(text, options),
    ...findPhones(text),
  ];
  // Card data (numbers, expiry dates, security codes) is never reported, nor anything that
  // overlaps it: an amount or a date found inside a card's digits would carry them.
  const allowed =
    payment.length === 0
      ? candidates
      : candidates.filter((c) => !payment.some((k) => c.start < k.end && k.start < c.end));
  return resolveOverlaps(allowed);
}
