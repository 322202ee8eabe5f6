import type { AuditVerdict } from '../../ops/audit/index.js';

/** One line for the operator: what was verified, or what is wrong and where. The intact
 * line names the last hash so it can be written down elsewhere: a log rebuilt later by
 * someone holding the database (and so the install secret) would not end on it. */
export function describeAuditVerdict(verdict: AuditVerdict): string {
  if (verdict.ok) {
    return verdict.lastSeq === null
      ? 'audit log intact: 0 rows, nothing recorded yet'
      : `audit log intact: ${verdict.rows} rows verified, ending at seq ${verdict.lastSeq} (hash ${verdict.lastHash})`;
  }
  switch (verdict.problem) {
    case 'edited':
      return `audit log TAMPERED at seq ${verdict.seq}: its content does not match its hash (edited)`;
    case 'broken_link':
      return `audit log TAMPERED at seq ${verdict.seq}: it does not follow the row before it (a row was removed or inserted)`;
    case 'missing_tail':
      return `audit log TAMPERED: ${verdict.missing} rows missing from the end: the log stops at ${
        verdict.lastSeq === null ? 'no row at all' : `seq ${verdict.lastSeq}`
      }, the signed head records ${verdict.rows + verdict.missing} rows up to seq ${verdict.headSeq}`;
    case 'head_mismatch':
      return `audit log TAMPERED: the log ends at ${
        verdict.lastSeq === null ? 'no row at all' : `seq ${verdict.lastSeq}`
      } with ${verdict.rows} rows, but the signed head records ${verdict.headRows} rows up to seq ${verdict.headSeq}`;
    case 'head_signature':
      return 'audit log TAMPERED: the audit_head signature does not match; the head was rewritten outside Ticketops';
    case 'unsigned_head':
      return 'audit log NOT VERIFIABLE: the audit_head row is unsigned (as the upgrade left it, until the next audited action signs it, or cleared by hand)';
    case 'no_head':
      return 'audit log TAMPERED: the audit_head row is missing, so the end of the log cannot be vouched for';
  }
}
