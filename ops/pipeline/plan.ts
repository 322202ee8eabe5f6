import type { AwaitingState } from '../../db/schema/index.js';
import type { AuditEntry } from '../audit/index.js';
import type { ReplyButton } from '../channels/index.js';

/** A new case, as the decide step drafts it; routing and SLA are applied when it is stored. */
export type CaseDraft = {
  intent: string;
  category: 'billing' | 'orders' | 'delivery' | 'account' | 'event_info' | 'checkin' | 'general';
  severity: 'P1' | 'P2' | 'P3' | 'P4';
  orderId?: string | undefined;
  eventId?: string | undefined;
  customerId?: string | undefined;
  tier?: string | undefined;
  fields: Record<string, unknown>;
  /** recorded as resolved at once: safe automation did what was asked (a failed commit
   * reopens it for staff) */
  resolved?: boolean;
};

export type ApprovalDraft = {
  kind: 'refund_commit' | 'order_edit_commit';
  orderId: string;
  amountMinor?: number;
  currency?: string;
  payload: Record<string, unknown>;
  /** order edits the bot states itself (safe automation): the exact change */
  edit?: Record<string, unknown>;
  /** safe automation: approved by the policy at once, and its commit enqueued */
  automatic?: boolean;
};

/** A reply before it has a case number: `{caseNumber}` in its text is filled when the case
 * it announces is stored. */
export type ReplyDraft = { text: string; buttons?: ReplyButton[]; announcesCase?: boolean };

/** What the decide step wants done for one message. Deciding reads; applying writes, all in
 * one transaction, so a retried job either finds everything done or nothing. */
export type Plan = {
  replies: ReplyDraft[];
  /** undefined: leave as is; null: clear */
  awaiting?: AwaitingState | null;
  openCase?: CaseDraft;
  /** add this message to an open case instead of opening one */
  touchCaseId?: string;
  reopenCaseId?: string;
  approval?: ApprovalDraft;
  /** link the buyer's channel identity to this customer: they proved the order is theirs */
  verifiedCustomerId?: string;
  handOver?: boolean;
  /** audit rows for what the plan decided beyond its case and approval (a verification
   * lock), appended in the same transaction */
  audit?: AuditEntry[];
  /** the conversation's event, once an order is known */
  note: string;
};

export const plan = (note: string, ...replies: ReplyDraft[]): Plan => ({ note, replies });

/** "I've opened case #N": becomes "added to case #N" when the message joins an open case. */
export const caseAnnouncement = (text: string): ReplyDraft => ({ text, announcesCase: true });
