// biome-ignore lint/style/noRestrictedImports: the logger sits below every folder and takes the pure card finder alone; the triage face would load the whole brain into every process's first import
import { findPaymentSpans } from './triage/entities/payment-spans.js';
// biome-ignore lint/style/noRestrictedImports: as above, the labels without the rest of the brain
import { PAYMENT_LABELS } from './triage/redact-payment-data.js';

/** One JSON log line with any card data in it replaced, whatever put it there: a buyer's text
 * in an error message, a stack, a field no redact path names. Runs on the serialized line,
 * after pino's path-based redaction. A find inside a JSON string is replaced in place (the
 * labels hold no quote or backslash, and card data holds none either, so a find never
 * crosses a string's edge); one outside a string is a bare number and becomes a quoted
 * label, so the line stays valid JSON. */
export function scrubLogLine(line: string): string {
  // JSON writes a newline, tab or carriage return as two characters (`\n`); read as two
  // spaces, so `4242\n4242…` or `12/26\n123` is found as the buyer wrote it. Same length,
  // so offsets hold for the line as written.
  const spans = findPaymentSpans(line.replace(/\\[nrt]/g, '  '));
  if (spans.length === 0) return line;
  let out = '';
  let at = 0;
  let inString = false;
  let i = 0;
  for (const span of spans) {
    for (; i < span.start; i++) {
      const c = line.charCodeAt(i);
      // A backslash escapes the next character; an unescaped quote opens or closes a string.
      if (c === 0x5c && inString) i++;
      else if (c === 0x22) inString = !inString;
    }
    const label = PAYMENT_LABELS[span.kind];
    out += line.slice(at, span.start) + (inString ? label : JSON.stringify(label));
    at = span.end;
    i = span.end;
  }
  return out + line.slice(at);
}
