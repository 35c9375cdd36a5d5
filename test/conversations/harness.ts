/**
 * A test buyer talking to the real dialog over in-memory fakes, so tests read as conversations
 * (STYLE 10): `(await chat.send('…')).asks('order_no').cites('RP-03')`.
 */
import { expect } from 'vitest';
import { REQUIRED_CLAUSE_IDS, type Slot } from '../../src/core/domain.js';
import { createLogger } from '../../src/core/log.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { loadDialogDefinition } from '../../src/definition/dialog.js';
import { createDialog } from '../../src/dialog/bot.js';
import type { DialogDeps } from '../../src/dialog/context.js';
import { createNotifier } from '../../src/dialog/notifier.js';
import { dialogOutbox } from '../../src/dialog/outbox-handlers.js';
import { ChannelSinks } from '../../src/dialog/sinks.js';
import type { Order } from '../../src/ports/platform.js';
import { createOutboxWorker } from '../../src/tickets/outbox-worker.js';
import {
  FakeEvidence,
  FakePlatform,
  FakeRecorder,
  FakeRetriever,
  FakeUnderstander,
  MemoryConversations,
  MemoryOutbox,
  MemoryTickets,
} from './fakes.js';

export const NOW = new Date('2026-11-26T12:00:00Z');
export const definition = loadDialogDefinition({ botsDir: 'bots', clauseIds: new Set(REQUIRED_CLAUSE_IDS) });

/** A time relative to the test clock: ago('9h'), ago('3d'). */
export function ago(spec: string, now = NOW): string {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(spec);
  if (!m) throw new Error(`bad time ${spec}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return new Date(now.getTime() - Number(m[1]) * unit).toISOString();
}

export const PNG = (tag: string) =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode(tag)]);

export class Reply {
  constructor(readonly message: OutboundMessage) {}
  get text() {
    return this.message.text;
  }
  asks(slot: Slot, evidenceKind?: string): this {
    expect(this.message.expecting?.slot, this.message.text).toBe(slot);
    if (evidenceKind) expect(this.message.expecting?.evidenceKind).toBe(evidenceKind);
    return this;
  }
  offers(...payloads: string[]): this {
    expect(this.message.expecting?.options?.map((o) => o.payload)).toEqual(expect.arrayContaining(payloads));
    return this;
  }
  cites(...ids: string[]): this {
    expect(this.message.citations ?? [], this.message.text).toEqual(expect.arrayContaining(ids));
    return this;
  }
  says(pattern: RegExp): this {
    expect(this.message.text).toMatch(pattern);
    return this;
  }
  never(pattern: RegExp): this {
    expect(this.message.text).not.toMatch(pattern);
    return this;
  }
  ends(): this {
    expect(this.message.expecting, this.message.text).toBeUndefined();
    return this;
  }
}

export async function harness(options: { buyerId?: string | null; channel?: 'rest' | 'telegram' } = {}) {
  let now = NOW;
  const clock = () => now;
  const platform = new FakePlatform(clock);
  const recorder = new FakeRecorder();
  const conversations = new MemoryConversations();
  const tickets = new MemoryTickets();
  const outbox = new MemoryOutbox();
  const deps: DialogDeps = {
    definition,
    platform,
    understander: new FakeUnderstander(),
    retriever: new FakeRetriever(REQUIRED_CLAUSE_IDS),
    recorder,
    evidence: new FakeEvidence(),
    conversations,
    tickets,
    outbox,
    log: createLogger({ level: 'silent', production: true }),
    now: clock,
  };
  let dialog = createDialog(deps);
  const sinks = new ChannelSinks();
  const pushed: OutboundMessage[] = [];
  sinks.register({ channel: options.channel ?? 'rest', deliver: async (_c, m) => void pushed.push(...m) });
  const buyerId = options.buyerId === undefined ? 'buyer-1' : options.buyerId;
  const conversationId = `${options.channel ?? 'rest'}:${buyerId ?? 'anon'}`;
  let seq = 0;

  const order = (partial: Partial<Omit<Order, 'product'>> & { product?: Partial<Order['product']> } = {}): Order => {
    const o: Order = {
      orderNo: `KM20261126${String(100_000 + ++seq)}`,
      buyerId: buyerId ?? 'buyer-1',
      contact: 'me@example.com',
      amount: 30,
      currency: 'CNY',
      paymentChannel: 'wechat',
      status: 'delivered',
      paidAt: ago('2h'),
      deliveredAt: ago('2h'),
      charges: [{ txnId: `TX${seq}`, amount: 30, at: ago('2h') }],
      supplierId: 'S1',
      ...partial,
      product: {
        sku: 'SKU',
        name: '测试点卡 30元',
        kind: 'game_card',
        deliveryMode: 'auto',
        promiseHours: 1,
        noReasonDays: 0,
        ...partial.product,
      },
    };
    platform.orders.set(o.orderNo, o);
    return o;
  };

  const send = async (
    text: string,
    extra: { attachments?: Array<{ name: string; bytes: Uint8Array }>; messageId?: string } = {},
  ): Promise<Reply> => {
    const replies = await dialog.handle({
      channel: options.channel ?? 'rest',
      conversationId,
      address: { sender: buyerId ?? 'anon' },
      userId: buyerId ?? 'anon',
      ...(buyerId ? { buyerId } : {}),
      text,
      ...(extra.attachments ? { attachments: extra.attachments } : {}),
      ...(extra.messageId ? { messageId: extra.messageId } : {}),
    });
    expect(replies).toHaveLength(1);
    return new Reply(replies[0] as OutboundMessage);
  };

  return {
    deps,
    platform,
    recorder,
    conversations,
    tickets,
    outbox,
    pushed,
    conversationId,
    order,
    send,
    upload: (name: string, text = '') => send(text, { attachments: [{ name, bytes: PNG(name) }] }),
    notify: createNotifier(deps, dialog, sinks),
    drain: () => {
      const { handlers, onDead } = dialogOutbox(deps, dialog, sinks);
      return createOutboxWorker({ outbox, handlers, onDead, log: deps.log, now: clock }).drain();
    },
    advanceClock: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    /** A new process over the same stores: state must come from storage only. */
    restart: () => {
      dialog = createDialog(deps);
    },
    events: (name?: string) => recorder.events(conversationId, name),
    transcript: () => recorder.entries.get(conversationId) ?? [],
    openTickets: () => [...platform.tickets.values()].filter((t) => t.transcript.conversationId === conversationId),
  };
}
