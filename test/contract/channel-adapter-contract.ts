import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChannelAdapter,
  ChannelRateLimited,
  ChannelRecipientGone,
  ChannelUnreachable,
  type InboundMessage,
  type ReplyButton,
} from '../../ops/channels/index.js';

/**
 * What one adapter's test file gives the shared contract suite: the real adapter, wired to
 * a local fake of its platform, and handles on that fake. Every platform adapter (Telegram,
 * Discord, WhatsApp) runs `describeChannelAdapter` with its own harness, so the promises of
 * ops/channels/contract.ts are checked the same way for each.
 */
export type AdapterHarness = {
  adapter: ChannelAdapter;
  /** a buyer the fake platform knows, in a one-to-one chat with the bot */
  buyer(): Promise<{ chatId: string; userId: string }>;
  /** the platform delivers a buyer's text; the same `eventId` again is a redelivery */
  deliverText(
    buyer: { chatId: string; userId: string },
    text: string,
    eventId: string,
  ): Promise<void>;
  /** the buyer presses (or, without buttons, answers with the number of) a button of the
   * last message the bot sent them */
  pressButton(
    buyer: { chatId: string; userId: string },
    button: ReplyButton,
    eventId: string,
  ): Promise<void>;
  /** the messages the platform received for a chat, oldest first, with their buttons as the
   * buyer sees them (labels) */
  sentTo(chatId: string): Promise<{ text: string; buttonLabels: string[] }[]>;
  /** makes the platform answer the next send to this chat with an error of that kind */
  failNextSend(chatId: string, kind: 'rate_limited' | 'network' | 'blocked'): Promise<void>;
  close(): Promise<void>;
};

const waitFor = async <T>(read: () => T | undefined, what: string, ms = 5000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The contract every platform adapter passes: mapping in and out, buttons, splitting,
 * retryable and permanent errors, redelivered events. */
export function describeChannelAdapter(name: string, createHarness: () => Promise<AdapterHarness>) {
  describe(`${name} adapter: the channel contract`, () => {
    let h: AdapterHarness;
    const received: InboundMessage[] = [];
    const lastFrom = (chatId: string) => received.filter((m) => m.chatId === chatId).at(-1);

    beforeAll(async () => {
      h = await createHarness();
      await h.adapter.start?.(async (message) => {
        received.push(message);
      });
    });
    afterAll(async () => {
      await h?.adapter.stop?.();
      await h?.close();
    });

    it('maps a buyer text to an InboundMessage of its channel, chat and user', async () => {
      const buyer = await h.buyer();
      await h.deliverText(buyer, 'Hi, where is my ticket? ORD-7F3K2', 'in-1');
      const message = await waitFor(() => lastFrom(buyer.chatId), 'the inbound message');
      expect(message).toMatchObject({
        channel: h.adapter.channel,
        chatId: buyer.chatId,
        externalUserId: buyer.userId,
        text: 'Hi, where is my ticket? ORD-7F3K2',
      });
      expect(message.externalMessageId).toEqual(expect.any(String));
      expect(message.receivedAt).toBeInstanceOf(Date);
      expect(h.adapter.health().lastEventAt).toBeInstanceOf(Date);
    });

    it('gives a redelivered event the same external id, so ingest stores it once', async () => {
      const buyer = await h.buyer();
      await h.deliverText(buyer, 'same event twice', 'in-dup');
      await h.deliverText(buyer, 'same event twice', 'in-dup');
      await waitFor(
        () => (received.filter((m) => m.chatId === buyer.chatId).length >= 1 ? true : undefined),
        'the first delivery',
      );
      await new Promise((r) => setTimeout(r, 200));
      const ids = received.filter((m) => m.chatId === buyer.chatId).map((m) => m.externalMessageId);
      expect(new Set(ids).size).toBe(1);
    });

    it('sends a reply with its buttons, and a press comes back as the button id', async () => {
      const buyer = await h.buyer();
      const keep = { id: 'refund:no', label: 'No, keep it' };
      const buttons = [{ id: 'refund:yes', label: 'Yes, refund' }, keep];
      const sent = await h.adapter.send({
        channel: h.adapter.channel,
        chatId: buyer.chatId,
        text: 'Shall I ask staff for the refund?',
        buttons,
        messageId: 'out-1',
      });
      expect(sent.externalMessageId).toEqual(expect.any(String));
      const seen = await h.sentTo(buyer.chatId);
      expect(seen.at(-1)?.text).toContain('Shall I ask staff for the refund?');
      expect(seen.at(-1)?.buttonLabels.join(' ')).toContain('Yes, refund');
      await h.pressButton(buyer, keep, 'press-1');
      const press = await waitFor(() => lastFrom(buyer.chatId), 'the button press');
      expect(press.text).toBe('refund:no');
    });

    it('splits a text longer than the platform limit, losing nothing, buttons on the last part', async () => {
      const buyer = await h.buyer();
      const max = h.adapter.traits.maxTextLength;
      const paragraph = `${'word '.repeat(Math.floor(max / 10)).trim()}.`;
      const text = [paragraph, paragraph, paragraph].join('\n\n');
      expect(text.length).toBeGreaterThan(max);
      await h.adapter.send({
        channel: h.adapter.channel,
        chatId: buyer.chatId,
        text,
        buttons: [{ id: 'ok', label: 'OK' }],
        messageId: 'out-long',
      });
      const seen = await h.sentTo(buyer.chatId);
      expect(seen.length).toBeGreaterThan(1);
      for (const part of seen) expect(part.text.length).toBeLessThanOrEqual(max);
      const words = (s: string) => s.split(/\s+/).filter(Boolean);
      expect(seen.flatMap((p) => words(p.text)).filter((w) => w.startsWith('word'))).toHaveLength(
        words(text).filter((w) => w.startsWith('word')).length,
      );
      expect(seen.at(-1)?.buttonLabels.join(' ')).toContain('OK');
      expect(seen.slice(0, -1).every((p) => p.buttonLabels.length === 0)).toBe(true);
    });

    it.each([
      { kind: 'rate_limited', error: ChannelRateLimited, retryable: true },
      { kind: 'network', error: ChannelUnreachable, retryable: true },
      { kind: 'blocked', error: ChannelRecipientGone, retryable: false },
    ] as const)('maps a $kind send failure to $error.name (retryable: $retryable)', async (c) => {
      const buyer = await h.buyer();
      const errorsBefore = h.adapter.health().sendErrors ?? 0;
      await h.failNextSend(buyer.chatId, c.kind);
      const error = await h.adapter
        .send({
          channel: h.adapter.channel,
          chatId: buyer.chatId,
          text: 'x',
          messageId: `out-${c.kind}`,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(c.error);
      expect((error as ChannelRecipientGone).retryable).toBe(c.retryable);
      expect(h.adapter.health().sendErrors).toBeGreaterThan(errorsBefore);
    });
  });
}
