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
 * Outbound: `send` delivers one stored reply. Text is plain; the adapter escapes it for its
 * dialect with the platform library's own helpers and, when it is longer than
 * `maxTextLength`, sends it in several messages cut by `splitText` (paragraphs, then lines,
 * then words), the buttons on the last one. Buttons become the platform's buttons (inline
 * keyboard, components, a numbered list where there are none); a press comes back as an
 * inbound message whose text is the button's `id`. `send` returns the platform id of the
 * last message it sent.
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
 * action buttons to the staff room the policy names for that kind on this platform (none
 * named: `null`, nothing posted); `updateStaffPost` rewrites a post once its subject is
 * decided (the outcome line shown, the buttons gone), whatever surface decided it.
 * `onStaffAction` receives button presses and `onStaffCommand` slash commands. The adapter
 * maps the platform user to a staff member id (`staffIdFor`, from `staff.members[]`), or
 * `undefined` for anyone else; the core checks roles (one rule, `checkStaff`), audits
 * refusals, and the adapter shows the answer to the presser alone where it can (Discord
 * ephemeral flag 64, Telegram callback answer).
 */
export interface ChannelAdapter extends ChannelSender {
  readonly traits: ChannelTraits;
  health(): ChannelHealth;
  postToStaff?(post: StaffPost): Promise<StaffPostRef | null>;
  updateStaffPost?(ref: StaffPostRef, post: StaffPost): Promise<void>;
  onStaffAction?(handler: (action: StaffAction) => Promise<StaffActionAnswer>): void;
  onStaffCommand?(handler: (command: StaffCommand) => Promise<StaffActionAnswer>): void;
  /** connects and starts handing inbound messages to `receive`; a refused token or an
   * unreachable platform rejects with one line naming the channel and the reason */
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

export type ChannelHealth = {
  connected: boolean;
  lastEventAt: Date | null;
  /** sends that failed since start (any error), for /healthz and /metrics */
  sendErrors?: number;
  detail?: string;
};

export type StaffPostKind = 'approval' | 'incident' | 'risk_review' | 'report';

/** Something staff act on, posted to a staff room with its buttons. */
export type StaffPost = {
  kind: StaffPostKind;
  /** the approval, incident, review or report id the buttons act on */
  subjectId: string;
  title: string;
  /** label -> value lines, never card data or full contact details */
  facts: [string, string][];
  /** the buttons; empty once decided. An action whose id is `reject` asks for a reason
   * (a Discord modal, a Telegram reply) before it reaches the core. */
  actions: ReplyButton[];
  /** set once decided: who, when, what came of it ("Approved by Ana at 19:42: refunded") */
  outcome?: string;
};

/** Where a staff post landed, to edit it later. */
export type StaffPostRef = { chatId: string; externalPostId: string };

/** A staff member pressed a button on a staff post. */
export type StaffAction = {
  channel: Channel;
  kind: StaffPostKind;
  subjectId: string;
  action: string;
  /** the platform user, mapped to a staff id by the adapter (undefined: not staff) */
  staffId: string | undefined;
  platformUserId: string;
  /** the reason typed for a rejection */
  reason?: string;
};

/** A staff slash command (`/case number:`, `/approvals`, `/exception`). */
export type StaffCommand = {
  channel: Channel;
  name: string;
  options: Record<string, string>;
  staffId: string | undefined;
  platformUserId: string;
  /** the platform channel or chat it was typed in */
  roomId: string;
};

/** What the pressing person is told (ephemeral where the platform allows). */
export type StaffActionAnswer = { ok: boolean; text: string };
