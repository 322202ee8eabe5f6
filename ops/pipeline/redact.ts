import { findEmails, findPhones } from '../triage/index.js';

type Span = { start: number; end: number; replacement: string };

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${phone.trim().startsWith('+') ? '+' : ''}•••${digits.slice(-2)}`;
}

/** Postgres text cannot hold NUL; binary garbage must still be stored, so NUL becomes U+FFFD. */
export const storable = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/** A text with its emails and phone numbers masked, as stored and shown when policy
 * minimises PII (`minimize_pii_storage`). Card data is removed before this, always (see
 * redactPaymentData). Nothing here is reversible. */
export function maskContacts(text: string): string {
  const spans: Span[] = [];
  for (const e of findEmails(text)) spans.push({ ...e, replacement: maskEmail(e.value) });
  for (const p of findPhones(text))
    spans.push({ ...p, replacement: maskPhone(text.slice(p.start, p.end)) });
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping finds: the first one wins
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
