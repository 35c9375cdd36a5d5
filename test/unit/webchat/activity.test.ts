import { describe, expect, it } from 'vitest';
import { botDraft, echoDraft, PostedActivity } from '../../../adapters/webchat/activity.js';

describe('bot activities', () => {
  it('turn a structured prompt into suggested actions and channelData (SPEC §12)', () => {
    const draft = botDraft(
      {
        lang: 'zh',
        text: '请确认',
        expecting: { slot: 'confirm', options: [{ title: '确认提交', payload: '/confirm' }] },
        citations: ['RP-03'],
      },
      { userId: 'buyer-1', replyToId: 'c|0000001' },
    );
    expect(draft).toMatchObject({
      type: 'message',
      from: { role: 'bot' },
      text: '请确认',
      textFormat: 'markdown',
      locale: 'zh-CN',
      replyToId: 'c|0000001',
      suggestedActions: {
        to: ['buyer-1'],
        actions: [{ type: 'messageBack', title: '确认提交', text: '/confirm', displayText: '确认提交' }],
      },
      channelData: {
        expecting: { slot: 'confirm', options: [{ title: '确认提交', payload: '/confirm' }] },
        citations: ['RP-03'],
      },
    });
  });

  it('leave out what a message does not have', () => {
    const draft = botDraft({ lang: 'en', text: 'Hello' }, { userId: 'u' });
    expect(draft.suggestedActions).toBeUndefined();
    expect(draft.channelData).toBeUndefined();
    expect(draft.locale).toBe('en-US');
    expect(botDraft({ lang: 'zh', text: 'x' }, { userId: 'u', pushed: true }).channelData).toEqual({ pushed: true });
  });
});

describe('echoes of the buyer', () => {
  it('keep only the clientActivityID and the button title from channelData, and are plain text', () => {
    const posted = PostedActivity.parse({
      type: 'message',
      text: '/scenario defective',
      channelData: { clientActivityID: 'k1', messageBack: { displayText: '卡密无效' }, evil: { html: '<b>' } },
      from: { id: 'spoofed', name: '买家' },
    });
    const echo = echoDraft(posted, { id: 'buyer-1', role: 'user', name: '买家' });
    expect(echo).toEqual({
      type: 'message',
      from: { id: 'buyer-1', role: 'user', name: '买家' },
      textFormat: 'plain',
      text: '/scenario defective',
      channelData: { clientActivityID: 'k1', messageBack: { displayText: '卡密无效' } },
    });
  });
});
