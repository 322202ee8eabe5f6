import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { describeIssues } from './zod-issues.js';

const SEVERITY = z.enum(['P1', 'P2', 'P3', 'P4']);
const minutes = z.number().int().positive();

const slaTarget = z
  .object({ first_response_minutes: minutes, resolution_minutes: minutes })
  .strict()
  .refine((t) => t.first_response_minutes <= t.resolution_minutes, {
    message: 'first_response_minutes must not exceed resolution_minutes',
  });

const queue = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase queue name'),
    intents: z.array(z.string()).default([]),
    categories: z.array(z.string()).default([]),
    min_severity: SEVERITY.optional(),
  })
  .strict();

const staffMember = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    roles: z.array(z.enum(['agent', 'approver', 'supervisor', 'door', 'organizer'])).min(1),
    discord_user_id: z.string().optional(),
    telegram_user_id: z.string().optional(),
  })
  .strict();

/** What `policy.require_approval_for` may list: the two approval kinds, and the order edit
 * types one by one (an edit waits when its kind or its type is listed). */
export const APPROVAL_ACTIONS = [
  'refund_commit',
  'order_edit_commit',
  'cancel_tickets',
  'transfer_ticket',
  'change_holder_name',
  'upgrade_ticket',
] as const;

/** The policy file (`ticketops.yaml`). Unknown keys are errors, so a typo such as
 * `require_aproval_for` stops the start instead of silently dropping a safeguard. */
export const policyFileSchema = z
  .object({
    policy: z
      .object({
        // What waits for a staff approval: refunds, every order edit, or single edit types
        // (cancel_tickets, transfer_ticket, change_holder_name, upgrade_ticket). What is left
        // out runs as safe automation: policy-bound, rate-limited per buyer, audited.
        require_approval_for: z
          .array(z.enum(APPROVAL_ACTIONS))
          .default(['refund_commit', 'order_edit_commit']),
        // Automated actions one buyer may get in 24 hours; past it, staff approve.
        automation_per_buyer_per_day: z.number().int().min(0).max(100).default(3),
        minimize_pii_storage: z.boolean().default(true),
        approval_ttl_minutes: minutes.default(24 * 60),
        second_approver_above_minor: z.number().int().positive().nullable().default(null),
        // Failed "order code + email" checks that lock verification, counted per conversation
        // and per order code over the window, whatever else is said in between.
        verification_attempts: z.number().int().min(1).max(10).default(3),
        verification_window_minutes: minutes.default(30),
        buyer_messages_per_minute: z.number().int().min(1).max(600).default(12),
      })
      .strict()
      .default({
        require_approval_for: ['refund_commit', 'order_edit_commit'],
        automation_per_buyer_per_day: 3,
        minimize_pii_storage: true,
        approval_ttl_minutes: 24 * 60,
        second_approver_above_minor: null,
        verification_attempts: 3,
        verification_window_minutes: 30,
        buyer_messages_per_minute: 12,
      }),
    queues: z
      .array(queue)
      .min(1)
      .default([
        { name: 'billing', intents: [], categories: ['billing'] },
        { name: 'orders', intents: [], categories: ['orders', 'delivery', 'account'] },
        { name: 'door', intents: ['checkin_problem'], categories: ['checkin'] },
        { name: 'general', intents: [], categories: ['event_info', 'general'] },
      ]),
    sla: z
      .object({ P1: slaTarget, P2: slaTarget, P3: slaTarget, P4: slaTarget })
      .strict()
      .default({
        P1: { first_response_minutes: 15, resolution_minutes: 120 },
        P2: { first_response_minutes: 60, resolution_minutes: 8 * 60 },
        P3: { first_response_minutes: 4 * 60, resolution_minutes: 48 * 60 },
        P4: { first_response_minutes: 24 * 60, resolution_minutes: 5 * 24 * 60 },
      }),
    staff: z
      .object({
        // Signs in the demo operator only while `members` is empty; also keys web chat cookies.
        console_token: z.string().min(16, 'expected at least 16 characters').optional(),
        // Each member signs in with their own password (`ticketops staff add <id>`).
        members: z.array(staffMember).default([]),
      })
      .strict()
      .default({ members: [] }),
    channels: z
      .object({
        discord: z
          .object({
            guild_id: z.string().optional(),
            staff_channel_id: z.string().optional(),
            approvals_channel_id: z.string().optional(),
            door_channel_id: z.string().optional(),
            organizer_channel_id: z.string().optional(),
            risk_channel_id: z.string().optional(),
          })
          .strict()
          .default({}),
        telegram: z.object({ staff_chat_id: z.string().optional() }).strict().default({}),
        web: z
          .object({
            // A web chat (and the verification a buyer made in it) ends after this long
            // without a message from the buyer, and always when the browser closes: the next
            // person at a shared computer or kiosk starts afresh.
            session_idle_minutes: minutes.max(7 * 24 * 60).default(120),
          })
          .strict()
          .default({ session_idle_minutes: 120 }),
      })
      .strict()
      .default({ discord: {}, telegram: {}, web: { session_idle_minutes: 120 } }),
    refunds: z
      .object({
        // Full refund (minus the service fee when kept) until this many hours before doors.
        full_until_hours_before: z
          .number()
          .int()
          .min(0)
          .default(7 * 24),
        // Then a partial refund until this many hours before doors; none after.
        partial_until_hours_before: z.number().int().min(0).default(48),
        partial_percent: z.number().int().min(0).max(100).default(50),
        keep_service_fee: z.boolean().default(true),
      })
      .strict()
      .refine((r) => r.partial_until_hours_before <= r.full_until_hours_before, {
        message: 'partial_until_hours_before must not exceed full_until_hours_before',
      })
      .default({
        full_until_hours_before: 7 * 24,
        partial_until_hours_before: 48,
        partial_percent: 50,
        keep_service_fee: true,
      }),
    risk: z
      .object({
        young_account_days: z.number().int().min(0).default(7),
        many_tickets: z.number().int().min(1).default(6),
        review_score: z.number().int().min(0).max(100).default(50),
        hold: z.enum(['none', 'refunds', 'all']).default('refunds'),
      })
      .strict()
      .default({ young_account_days: 7, many_tickets: 6, review_score: 50, hold: 'refunds' }),
  })
  .strict()
  .superRefine((file, ctx) => {
    const names = new Set<string>();
    file.queues.forEach((q, i) => {
      if (names.has(q.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['queues', i, 'name'],
          message: `duplicate queue "${q.name}"`,
        });
      }
      names.add(q.name);
    });
  });

export type Policy = z.infer<typeof policyFileSchema>;

/** A YAML key with only comments under it parses as null; treat it as absent so its
 * defaults apply (every nullable setting defaults to null, so nothing changes meaning). */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** Parses policy YAML text; errors name the file, the key path and what was expected. */
export function parsePolicy(text: string, source = 'ticketops.yaml'): Policy {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new ValidationError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const result = policyFileSchema.safeParse(dropNulls(raw));
  if (!result.success) {
    throw new ValidationError(`${source}: invalid policy:\n${describeIssues(result.error.issues)}`);
  }
  return result.data;
}

/** Reads the policy file: an explicit path must exist; the default path is optional and
 * its absence means built-in defaults. */
export function loadPolicy(explicitPath: string | undefined): { policy: Policy; source: string } {
  const path = explicitPath ?? './ticketops.yaml';
  if (!existsSync(path)) {
    if (explicitPath) throw new ValidationError(`TICKETOPS_CONFIG: file not found: ${path}`);
    return { policy: parsePolicy('{}', 'built-in defaults'), source: 'built-in defaults' };
  }
  return { policy: parsePolicy(readFileSync(path, 'utf8'), path), source: path };
}
