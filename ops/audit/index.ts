/** The public face of ops/audit: what other folders may import from it. */
export { type AuditEntry, type AuditVerdict, audit, auditAll, verifyAudit } from './log.js';
