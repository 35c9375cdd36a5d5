import { describe, expect, it } from 'vitest';
import { restCallbackSink, restChannel } from '../../adapters/rest/index.js';
import { createLogger } from '../../src/core/log.js';
import type { InboundMessage } from '../../src/core/messages.js';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { harness, PNG } from './harness.js';

const log = createLogger({ level: 'silent', production: true });

function server(options: { secret?: string; sandbox?: boolean }) {
  const seen: InboundMessage[] = [];
  const bot = {
    handle: async (m: InboundMessage) => {
      seen.push(m);
      return [
        {
          text: 'reply',
          lang: 'zh' as const,
          expecting: {
            slot: 'evidence' as const,
            evidenceKind: 'error_screenshot' as const,
            options: [{ title: '没有', payload: '/no_evidence' }],
          },
          citations: ['RP-05'],
        },
      ];
    },
  };
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    version: 't',
    modules: [
      restChannel({
        bot,
        secret: options.secret,
        openWithoutSecret: options.sandbox ?? true,
        maxAttachmentBytes: 1024 * 1024,
        log,
      }),
    ],
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/webhooks/rest/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { post, seen };
}

describe('REST channel (SPEC §2, Rasa-compatible)', () => {
  it('answers with text, buttons and custom.expecting / custom.citations', async () => {
    const { post, seen } = server({});
    const res = await post({ sender: 'buyer-9', message: '你好', message_id: 'x1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      {
        recipient_id: 'buyer-9',
        text: 'reply',
        buttons: [{ title: '没有', payload: '/no_evidence' }],
        custom: {
          lang: 'zh',
          expecting: {
            slot: 'evidence',
            evidenceKind: 'error_screenshot',
            options: [{ title: '没有', payload: '/no_evidence' }],
          },
          citations: ['RP-05'],
        },
      },
    ]);
    expect(seen[0]).toMatchObject({
      channel: 'rest',
      conversationId: 'rest:buyer-9',
      buyerId: 'buyer-9',
      messageId: 'x1',
    });
  });

  it('answers the Rasa health check', async () => {
    const app = createApp({
      log,
      metrics: createMetrics({ defaultMetrics: false }),
      version: 't',
      modules: [
        restChannel({
          bot: { handle: async () => [] },
          secret: undefined,
          openWithoutSecret: true,
          maxAttachmentBytes: 1024,
          log,
        }),
      ],
    });
    expect(await (await app.request('/webhooks/rest')).json()).toEqual({ status: 'ok' });
  });

  it('decodes base64 attachments', async () => {
    const { post, seen } = server({});
    const bytes = PNG('shot');
    await post({
      sender: 'b',
      attachments: [{ name: 'a.png', contentType: 'image/png', contentBase64: Buffer.from(bytes).toString('base64') }],
    });
    expect(seen[0]?.attachments?.[0]?.bytes).toEqual(bytes);
  });

  it('requires the Bearer secret when one is configured', async () => {
    const { post } = server({ secret: 's3cret' });
    expect((await post({ sender: 'b', message: 'x' })).status).toBe(401);
    expect((await post({ sender: 'b', message: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post({ sender: 'b', message: 'x' }, { authorization: 'Bearer s3cret' })).status).toBe(200);
  });

  it('is closed outside sandbox mode without a secret', async () => {
    const { post, seen } = server({ sandbox: false });
    expect((await post({ sender: 'b', message: 'x' })).status).toBe(503);
    expect(seen).toHaveLength(0);
  });

  it('rejects malformed bodies with a named problem', async () => {
    const { post } = server({});
    const res = await post({ message: 'no sender' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/sender/);
    expect((await post({ sender: 'b', attachments: [{ contentBase64: '%%%' }] })).status).toBe(422);
  });

  it('pushes later messages to REST_CALLBACK_URL', async () => {
    const calls: Array<{ url: string; body: unknown; auth: string | null }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)), auth: new Headers(init.headers).get('authorization') });
      return new Response('ok');
    }) as unknown as typeof fetch;
    const sink = restCallbackSink({ url: 'http://site.example/cb', secret: 'k', log, fetch: fakeFetch });
    const chat = await harness();
    const conversation = await chat.conversations.getOrCreate({
      id: 'rest:b1',
      channel: 'rest',
      address: { sender: 'b1' },
      buyerId: 'b1',
      lang: 'zh',
      state: null,
    });
    await sink.deliver(conversation, [{ text: 'decision', lang: 'zh', citations: ['RP-15'] }]);
    expect(calls).toEqual([
      {
        url: 'http://site.example/cb',
        auth: 'Bearer k',
        body: [{ recipient_id: 'b1', text: 'decision', custom: { lang: 'zh', citations: ['RP-15'] } }],
      },
    ]);
  });
});
