import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../adapters/webchat/activity.js';
import { AttachmentUrls } from '../../../adapters/webchat/attachments.js';
import { corsMiddleware, originPolicy } from '../../../adapters/webchat/origins.js';

describe('attachment links', () => {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const urls = new AttachmentUrls('site-secret', 1800, () => now);
  const query = (url: string) =>
    Object.fromEntries(new URL(url).searchParams) as { c?: string; e?: string; s?: string };

  it('are signed for one file of one conversation and expire', () => {
    const url = urls.sign('0b3c6f0e-aaaa', 'conv-1', 'https://desk.example.com');
    expect(url.startsWith('https://desk.example.com/v3/directline/attachments/0b3c6f0e-aaaa?')).toBe(true);
    expect(urls.verify('0b3c6f0e-aaaa', query(url))).toEqual({ ok: true, conversationId: 'conv-1' });
    expect(urls.verify('0b3c6f0e-bbbb', query(url))).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(urls.verify('0b3c6f0e-aaaa', { ...query(url), c: 'conv-2' })).toMatchObject({ ok: false });
    expect(urls.verify('0b3c6f0e-aaaa', {})).toMatchObject({ ok: false, reason: 'unsigned' });
    expect(new AttachmentUrls('other', 1800, () => now).verify('0b3c6f0e-aaaa', query(url)).ok).toBe(false);
    now += 3 * 3600_000;
    expect(urls.verify('0b3c6f0e-aaaa', query(url))).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('are stored as paths and signed when an activity is sent', () => {
    const activity = {
      type: 'message',
      id: 'conv-1|0000001',
      timestamp: '',
      channelId: 'webchat',
      conversation: { id: 'conv-1' },
      from: { id: 'b', role: 'user' },
      attachments: [
        {
          contentType: 'image/png',
          contentUrl: '/v3/directline/attachments/0b3c6f0e-aaaa',
          thumbnailUrl: '/v3/directline/attachments/0b3c6f0e-aaaa',
        },
      ],
    } satisfies Activity;
    const sent = urls.present(activity, 'http://127.0.0.1:3978');
    expect(sent.attachments?.[0]?.contentUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:3978\/v3\/directline\/attachments\/0b3c6f0e-aaaa\?c=conv-1&e=\d+&s=/,
    );
    expect(sent.attachments?.[0]?.thumbnailUrl).toBe(sent.attachments?.[0]?.contentUrl);
  });
});

describe('origins', () => {
  const app = (allowed: string[]) =>
    new Hono()
      .use('/v3/directline/*', corsMiddleware(originPolicy(allowed), undefined))
      .post('/v3/directline/x', (c) => c.text('ok'));
  const preflight = (a: Hono, origin: string) =>
    a.request('http://desk.test/v3/directline/x', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('answers the preflight for an allowed card site with the methods and headers Web Chat uses', async () => {
    const res = await preflight(app(['https://shop.example.com']), 'https://shop.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('gives other origins nothing, and allows refund-desk itself and `*`', async () => {
    expect(
      (await preflight(app(['https://shop.example.com']), 'https://evil.example')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
    expect((await preflight(app([]), 'http://desk.test')).headers.get('access-control-allow-origin')).toBe(
      'http://desk.test',
    );
    expect((await preflight(app(['*']), 'https://any.example')).headers.get('access-control-allow-origin')).toBe(
      'https://any.example',
    );
  });
});
