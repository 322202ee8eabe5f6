import { findEmails } from '../triage/entities/email.js';
import { findCardSpans } from '../triage/entities/luhn.js';
import { findPhones } from '../triage/entities/phone.js';

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

/** What is stored of a buyer's text: card-like numbers (Luhn-valid) always masked, emails
 * and phones too when policy minimises PII. Nothing here is reversible. */
export function redactText(text: string, options: { maskContacts: boolean }): string {
  const spans: Span[] = findCardSpans(text).map((s) => ({
    ...s,
    replacement: `[card ••••${text.slice(s.start, s.end).replace(/\D/g, '').slice(-4)}]`,
  }));
  if (options.maskContacts) {
    for (const e of findEmails(text)) spans.push({ ...e, replacement: maskEmail(e.value) });
    for (const p of findPhones(text))
      spans.push({ ...p, replacement: maskPhone(text.slice(p.start, p.end)) });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping finds: the first one wins
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return storable(out + text.slice(at));
}
