import type { Channel } from '../../db/schema/index.js';
import type { ChannelSender, InboundMessage, ReplyButton } from './types.js';

/**
 * The channel contract: what every adapter (web console, Telegram, Discord, WhatsApp)
 * promises the core, and what the core promises it. The core never names a channel; it reads
 * the channel's traits and talks to its adapter through this contract.
 *
 * Inbound: the adapter maps each platform event to an `InboundMessage` (types.ts) and hands it
 * to ingest. `externalMessageId` is unique per channel, so a redelivered event is a duplicate
 * ingest ignores; the adapter never decides anything about the message.
 *
 * Outbound: `send` delivers one stored reply. Text is plain; the adapter adapts formatting to
 * its dialect and splits or trims nothing: replies are written under `maxTextLength` (a staff
 * reply is capped below every channel's limit). Buttons become the platform's buttons
 * (inline keyboard, components, a numbered list where there are none); a press comes back as
 * an inbound message whose text is the button's `id`.
 *
 * Errors from `send` decide what the outbound job does:
 * - `ChannelRateLimited` (the platform said slow down; `retryAfterMs` when it said how long)
 *   and `ChannelUnreachable` (network, 5xx, gateway down) are retryable: the job engine
 *   retries with backoff and the reply stays unsent until it goes;
 * - `ChannelRecipientGone` (the buyer blocked the bot, the chat no longer exists) is
 *   permanent: no retry, the reply stays stored and visible to staff.
 * Any other error is treated as retryable by the engine's default.
 *
 * Health: `health()` says whether the adapter is connected and when it last heard from the
 * platform, for /healthz and the silent-channel alert.
 *
 * Staff side (optional): `postToStaff` posts an approval, incident or risk review with its
 * action buttons to the staff channel the policy names, and `onStaffAction` receives the
 * clicks (who pressed what on which post). The adapter maps the platform user to a staff
 * member id; the core checks roles (one rule, `checkStaff`) and audits refusals.
 */
export interface ChannelAdapter extends ChannelSender {
  readonly traits: ChannelTraits;
  health(): ChannelHealth;
  postToStaff?(post: StaffPost): Promise<{ externalPostId: string }>;
  onStaffAction?(handler: (action: StaffAction) => Promise<StaffActionAnswer>): void;
  /** connects and starts handing inbound messages to `receive` */
  start?(receive: (message: InboundMessage) => Promise<void>): Promise<void>;
  stop?(): Promise<void>;
}

/** What the core needs to know about a channel without naming it. */
export type ChannelTraits = {
  /** replies are delivered by storing them (the buyer's page reads the database): no
   * outbound job, stamped handled at insert */
  deliveredOnStore: boolean;
  /** the longest text one message may carry on the platform */
  maxTextLength: number;
  /** buttons per message the platform shows; 0 when it has none */
  maxButtons: number;
};

/** The traits of every channel the domain knows (`channel` column values). */
export const CHANNEL_TRAITS: Record<Channel, ChannelTraits> = {
  web: { deliveredOnStore: true, maxTextLength: 4000, maxButtons: 6 },
  telegram: { deliveredOnStore: false, maxTextLength: 4096, maxButtons: 8 },
  discord: { deliveredOnStore: false, maxTextLength: 2000, maxButtons: 5 },
  whatsapp: { deliveredOnStore: false, maxTextLength: 4096, maxButtons: 3 },
};

export const deliveredOnStore = (channel: Channel): boolean =>
  CHANNEL_TRAITS[channel].deliveredOnStore;

export type ChannelHealth = { connected: boolean; lastEventAt: Date | null; detail?: string };

/** Something staff act on, posted to a staff channel with its buttons. */
export type StaffPost = {
  kind: 'approval' | 'incident' | 'risk_review';
  /** the approval, incident or review id the buttons act on */
  subjectId: string;
  title: string;
  /** label -> value lines, never card data or full contact details */
  facts: [string, string][];
  actions: ReplyButton[];
};

/** A staff member pressed a button on a staff post. */
export type StaffAction = {
  subjectId: string;
  action: string;
  /** the platform user, mapped to a staff id by the adapter (undefined: not staff) */
  staffId: string | undefined;
};

/** What the pressing person is told (ephemeral where the platform allows). */
export type StaffActionAnswer = { ok: boolean; text: string };
