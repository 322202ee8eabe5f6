import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { storeInboundMessage } from '../../db/queries/conversations.js';
import { CHANNELS, type StoredEntity } from '../../db/schema/index.js';
import type { InboundMessage } from '../channels/index.js';
import type { Policy } from '../config/index.js';
import { describeIssues } from '../config/index.js';
import { ValidationError } from '../errors.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { classify, redactPaymentData } from '../triage/index.js';
import { type ContactDigester, contactDigester } from './contact-digest.js';
import { storedTriage } from './message-triage.js';
import { maskContacts, maskEmail, maskPhone, storable } from './redact.js';

/** The longest text stored for one message. Platforms cap far lower (Telegram 4096,
 * Discord 4000); only the web chat could send more, and gets a clear error instead. */
export const MAX_MESSAGE_CHARS = 128 * 1024;

/** The sender's own free text other than the message (a display name, a file name): stored
 * with card data removed and NUL replaced, like the message. */
const senderText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => storable(redactPaymentData(s)));

// PostgreSQL text cannot hold NUL. An id carrying one is not a real platform id: refused.
const platformId = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL');

const inboundSchema = z.object({
  channel: z.enum(CHANNELS),
  externalUserId: platformId(200),
  displayName: senderText(200).optional(),
  chatId: platformId(200),
  externalMessageId: platformId(300),
  text: z
    .string()
    .max(MAX_MESSAGE_CHARS, `message too long: at most ${MAX_MESSAGE_CHARS} characters`),
  attachments: z
    .array(
      z.object({
        kind: z.string().max(50).transform(storable),
        name: senderText(300).optional(),
        size: z.number().nonnegative().optional(),
        mimeType: z.string().max(200).transform(storable).optional(),
      }),
    )
    .max(20)
    .optional(),
  locale: z
    .string()
    .max(35)
    .regex(/^[A-Za-z0-9_-]*$/, 'expected a language tag such as en or pt-BR')
    .optional(),
  receivedAt: z.date(),
});

export type IngestDeps = { db: Db; jobs: JobEngine; policy: Policy; log: Logger };

export type IngestResult =
  | { status: 'accepted'; messageId: string; conversationId: string }
  | { status: 'duplicate' };

/** Ingest: validate, remember the buyer, store the message redacted and classified, then
 * hand it to the triage job. A redelivered message stops at the unique index and creates
 * nothing. If the enqueue fails the message is still stored, unhandled, and the sweeper
 * re-enqueues it: nothing is lost. */
export async function ingestMessage(
  deps: IngestDeps,
  input: InboundMessage,
): Promise<IngestResult> {
  const parsed = inboundSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(`inbound message: ${describeIssues(parsed.error.issues)}`);
  }
  const inbound = parsed.data;
  // Card data goes first, before anything reads the text: classification (whose entities are
  // stored), the case summary built from the stored text, the staff pages and the logs all
  // see only what is left. Contacts are masked after classifying, which needs the email to
  // keep its keyed digest for verification.
  const paymentFree = redactPaymentData(inbound.text);
  const triage = classify(paymentFree, { now: inbound.receivedAt });
  const masked = deps.policy.policy.minimize_pii_storage ? maskContacts(paymentFree) : paymentFree;
  // The digest key is read once per process, and only once a message carries a contact.
  const digest = triage.entities.some((e) => CONTACTS.has(e.type))
    ? await contactDigester(deps.db)
    : undefined;
  // Identity upsert, live conversation (found or opened) and the once-only message insert
  // in one statement: one round trip to the database per message.
  const stored = await storeInboundMessage(deps.db, {
    channel: inbound.channel,
    externalUserId: inbound.externalUserId,
    displayName: inbound.displayName,
    chatId: inbound.chatId,
    locale: inbound.locale,
    message: {
      externalMessageId: inbound.externalMessageId,
      text: storable(masked),
      intent: triage.intent,
      confidence: triage.confidence,
      entities: triage.entities.map((entity) => sealEntity(entity, digest)),
      // The whole result, so the triage job does not classify this text a second time.
      triage: storedTriage(triage),
      attachments: inbound.attachments ?? null,
      createdAt: inbound.receivedAt,
    },
  });
  if (!stored.messageId) return { status: 'duplicate' };
  const messageId = stored.messageId;
  try {
    await deps.jobs.enqueue('triage.message', { messageId });
  } catch (error) {
    deps.log.warn({ err: error, messageId }, 'ingest: enqueue failed, sweeper will retry');
  }
  return { status: 'accepted', messageId, conversationId: stored.conversationId };
}

const CONTACTS = new Set(['email', 'phone']);

/** Entities as stored: contact details masked, with a keyed digest to compare against later
 * (`digest` is made whenever the message carries a contact). Spans index the text as
 * classified (card data already removed). */
function sealEntity(
  entity: { type: string; value: string; start: number; end: number },
  digest: ContactDigester | undefined,
): StoredEntity {
  if (!CONTACTS.has(entity.type)) return { ...entity, value: storable(entity.value) };
  const masked = entity.type === 'email' ? maskEmail(entity.value) : maskPhone(entity.value);
  return { ...entity, value: masked, digest: digest?.(entity.value) };
}
