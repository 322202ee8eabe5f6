import { createHash } from 'node:crypto';

export const GENESIS = 'genesis';

export type AuditContent = {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
};

/** JSON with object keys sorted at every level, so the same content always hashes the same
 * whatever order jsonb hands the keys back in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A row's hash covers its content and its predecessor's hash: change or remove any row and
 * every hash after it stops matching. */
export function auditHash(content: AuditContent, prevHash: string): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      canonicalJson({
        at: content.at.toISOString(),
        actor: content.actor,
        action: content.action,
        subject: content.subject,
        details: content.details,
      }),
    )
    .digest('hex');
}
