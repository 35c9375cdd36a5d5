/** The Direct Line activity store contract, run against every implementation. */
import { expect, it } from 'vitest';
import type { ActivityStore } from '../../adapters/webchat/store.js';

export function activityStoreContract(make: () => Promise<ActivityStore>): void {
  const user = { id: 'buyer-1', role: 'user' as const };

  it("opens a conversation once and finds the buyer's latest", async () => {
    const store = await make();
    const first = await store.openConversation({ id: 'c1', buyerId: 'buyer-1', locale: 'zh-CN' });
    expect(first).toMatchObject({ id: 'c1', buyerId: 'buyer-1', locale: 'zh-CN' });
    const again = await store.openConversation({ id: 'c1', buyerId: 'someone-else', locale: null });
    expect(again.buyerId).toBe('buyer-1');
    await store.openConversation({ id: 'c2', buyerId: 'buyer-1', locale: null });
    expect((await store.latestConversation('buyer-1'))?.id).toBe('c2');
    expect(await store.latestConversation('nobody')).toBeNull();
    expect(await store.getConversation('missing')).toBeNull();
  });

  it('appends in order and pages by watermark', async () => {
    const store = await make();
    await store.openConversation({ id: 'c1', buyerId: 'buyer-1', locale: null });
    await store.openConversation({ id: 'other', buyerId: 'buyer-2', locale: null });
    for (let i = 1; i <= 5; i++) {
      await store.append('c1', {
        type: 'message',
        from: user,
        text: `m${i}`,
        channelData: { clientActivityID: `k${i}` },
      });
    }
    await store.append('other', { type: 'message', from: user, text: 'not mine' });
    const all = await store.list('c1', 0, 100);
    expect(all.activities.map((a) => a.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(all.watermark).toBe('5');
    expect(all.activities[0]).toMatchObject({ channelId: 'webchat', conversation: { id: 'c1' } });
    expect(new Set(all.activities.map((a) => a.id)).size).toBe(5);
    const page = await store.list('c1', 2, 2);
    expect(page.activities.map((a) => a.text)).toEqual(['m3', 'm4']);
    expect(page.watermark).toBe('4');
    const none = await store.list('c1', 5, 10);
    expect(none).toEqual({ activities: [], watermark: '5' });
    expect((await store.findByClientActivityId('c1', 'k3'))?.text).toBe('m3');
    expect(await store.findByClientActivityId('other', 'k3')).toBeNull();
  });

  it('refuses to append to an unknown conversation', async () => {
    await expect((await make()).append('missing', { type: 'message', from: user, text: 'x' })).rejects.toThrow();
  });

  it('keeps uploads', async () => {
    const store = await make();
    await store.openConversation({ id: 'c1', buyerId: 'buyer-1', locale: null });
    const bytes = new Uint8Array([1, 2, 3]);
    await store.putUpload({ id: 'u1', conversationId: 'c1', name: 'a.png', contentType: 'image/png', bytes });
    expect(await store.getUpload('u1')).toEqual({
      id: 'u1',
      conversationId: 'c1',
      name: 'a.png',
      contentType: 'image/png',
      bytes,
    });
    expect(await store.getUpload('u2')).toBeNull();
  });
}
