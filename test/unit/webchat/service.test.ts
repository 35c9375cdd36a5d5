import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Activity } from '../../../adapters/webchat/activity.js';
import { LiveFeed } from '../../../adapters/webchat/live.js';
import { DirectLineService } from '../../../adapters/webchat/service.js';
import { MemoryActivityStore } from '../../../adapters/webchat/store.js';
import { createLogger } from '../../../src/core/log.js';
import type { Bot, OutboundMessage } from '../../../src/core/messages.js';

const log = createLogger({ level: 'silent', production: true });

async function setup(bot: Bot) {
  const store = new MemoryActivityStore();
  const live = new LiveFeed();
  const transient: Activity[] = [];
  const service = new DirectLineService({ store, bot, live, log });
  const conversation = await store.openConversation({ id: 'c1', buyerId: 'buyer-1', locale: null });
  live.subscribe('c1', { changed: () => {}, transient: (a) => transient.push(a) });
  return { store, service, conversation, transient };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DirectLineService', () => {
  it('passes the buyer, the address and the files to the bot', async () => {
    const seen: Parameters<Bot['handle']>[0][] = [];
    const { service, conversation } = await setup({
      handle: async (m) => {
        seen.push(m);
        return [];
      },
    });
    await service.receive(conversation, { type: 'message', text: 'hi' }, [
      { name: 'a.png', bytes: new Uint8Array([1]) },
    ]);
    await service.idle();
    expect(seen[0]).toMatchObject({
      channel: 'webchat',
      conversationId: 'webchat:c1',
      buyerId: 'buyer-1',
      userId: 'buyer-1',
      address: { directLineConversationId: 'c1' },
      text: 'hi',
      attachments: [{ name: 'a.png' }],
    });
  });

  it('keeps the typing indicator up while a slow bot works', async () => {
    vi.useFakeTimers();
    let finish: (m: OutboundMessage[]) => void = () => {};
    const { service, conversation, transient, store } = await setup({
      handle: () => new Promise((resolve) => (finish = resolve)),
    });
    await service.receive(conversation, { type: 'message', text: 'hi' }, []);
    await vi.advanceTimersByTimeAsync(7_000);
    expect(transient.filter((a) => a.type === 'typing').length).toBe(3);
    finish([{ lang: 'zh', text: '好的' }]);
    await service.idle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transient.length).toBe(3);
    expect((await store.list('c1', 0, 10)).activities.map((a) => a.text)).toEqual(['hi', '好的']);
  });

  it('tells the buyer when the bot fails, in their language', async () => {
    const { service, conversation, store } = await setup({
      handle: async () => {
        throw new Error('boom');
      },
    });
    await service.receive(conversation, { type: 'message', text: 'hello', locale: 'en-US' }, []);
    await service.idle();
    const [, reply] = (await store.list('c1', 0, 10)).activities;
    expect(reply?.from.role).toBe('bot');
    expect(reply?.text).toMatch(/Sorry/);
  });
});
