/** Bad input at the Direct Line endpoint: Direct Line-style errors, nothing crashes, nothing leaks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TokenSigner } from '../../adapters/webchat/token.js';
import { ScriptedBot } from '../unit/webchat/fake-bot.js';
import { startWebchatServer, type WebchatServer } from './webchat-harness.js';

let server: WebchatServer;
let bot: ScriptedBot;
const MAX_UPLOAD = 64 * 1024;

beforeAll(async () => {
  bot = new ScriptedBot();
  // The limiter's clock stands still: every message of the flood arrives within the same second.
  const frozen = Date.now();
  server = await startWebchatServer(bot, {
    env: { ATTACHMENT_MAX_BYTES: String(MAX_UPLOAD) },
    rateLimit: { burst: 20, perSecond: 10, now: () => frozen },
  });
});
afterAll(async () => {
  await server?.close();
});

const dl = (path: string) => `${server.url}/v3/directline${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = { 'content-type': 'application/json' };

async function open(buyerId: string): Promise<{ token: string; conversationId: string }> {
  const gen = await fetch(dl('/tokens/generate'), {
    method: 'POST',
    headers: { ...bearer(server.secret), ...json },
    body: JSON.stringify({ user: { id: buyerId } }),
  });
  const { token } = (await gen.json()) as { token: string };
  const res = await fetch(dl('/conversations'), { method: 'POST', headers: bearer(token) });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; conversationId: string };
}

async function post(conversationId: string, token: string, body: unknown, headers: Record<string, string> = json) {
  return fetch(dl(`/conversations/${conversationId}/activities`), {
    method: 'POST',
    headers: { ...bearer(token), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.message).toBe('string');
  return { status: res.status, code: body.error.code };
}

describe('tokens', () => {
  it('tokens/generate needs the site secret and a user id', async () => {
    const none = await fetch(dl('/tokens/generate'), { method: 'POST', headers: json, body: '{"user":{"id":"a"}}' });
    expect(await errorOf(none)).toEqual({ status: 401, code: 'Unauthorized' });
    const wrong = await fetch(dl('/tokens/generate'), {
      method: 'POST',
      headers: { ...bearer('not-the-secret'), ...json },
      body: '{"user":{"id":"a"}}',
    });
    expect(wrong.status).toBe(401);
    const noUser = await fetch(dl('/tokens/generate'), {
      method: 'POST',
      headers: { ...bearer(server.secret), ...json },
      body: '{}',
    });
    expect(await errorOf(noUser)).toEqual({ status: 400, code: 'BadArgument' });
  });

  it('refuses missing, forged and expired tokens', async () => {
    const { token, conversationId } = await open('buyer-t');
    const noAuth = await fetch(dl(`/conversations/${conversationId}/activities`));
    expect(await errorOf(noAuth)).toEqual({ status: 401, code: 'Unauthorized' });

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, user: 'someone-else' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${signature}`;
    expect((await errorOf(await post(conversationId, forged, { type: 'message', text: 'x' }))).status).toBe(401);
    expect((await errorOf(await post(conversationId, 'garbage', { type: 'message', text: 'x' }))).status).toBe(401);

    const past = new TokenSigner(server.secret, 60, () => Date.now() - 3_600_000);
    const expired = past.issue({ user: 'buyer-t', conv: conversationId }).token;
    const res = await fetch(dl(`/conversations/${conversationId}/activities`), { headers: bearer(expired) });
    expect(await errorOf(res)).toEqual({ status: 403, code: 'TokenExpired' });
    const refresh = await fetch(dl('/tokens/refresh'), { method: 'POST', headers: bearer(expired) });
    expect(refresh.status).toBe(403);
  });

  it('refresh gives a new working token for the same conversation', async () => {
    const { token, conversationId } = await open('buyer-r');
    const res = await fetch(dl('/tokens/refresh'), { method: 'POST', headers: bearer(token) });
    const refreshed = (await res.json()) as { token: string; conversationId: string };
    expect(refreshed.conversationId).toBe(conversationId);
    const list = await fetch(dl(`/conversations/${conversationId}/activities`), { headers: bearer(refreshed.token) });
    expect(list.status).toBe(200);
  });
});

describe("a buyer's token never reaches another buyer's conversation", () => {
  it('cannot read, post, upload, reconnect or stream', async () => {
    const a = await open('buyer-a');
    const b = await open('buyer-b');
    await post(b.conversationId, b.token, {
      type: 'message',
      text: '我的订单 KM20261118004217',
      from: { id: 'buyer-b' },
    });

    const read = await fetch(dl(`/conversations/${b.conversationId}/activities`), { headers: bearer(a.token) });
    expect(await errorOf(read)).toEqual({ status: 403, code: 'Forbidden' });
    const write = await post(b.conversationId, a.token, { type: 'message', text: 'hi', from: { id: 'buyer-b' } });
    expect(write.status).toBe(403);
    const reconnect = await fetch(dl(`/conversations/${b.conversationId}?watermark=0`), { headers: bearer(a.token) });
    expect(reconnect.status).toBe(403);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('x')]), 'x.txt');
    const upload = await fetch(dl(`/conversations/${b.conversationId}/upload?userId=buyer-a`), {
      method: 'POST',
      headers: bearer(a.token),
      body: form,
    });
    expect(upload.status).toBe(403);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(
        `${server.url.replace('http', 'ws')}/v3/directline/conversations/${b.conversationId}/stream?t=${a.token}`,
      );
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => {});
    });
    expect(status).toBe(403);

    // Posting as someone else in one's own conversation is still posting as oneself.
    await post(a.conversationId, a.token, { type: 'message', text: '冒充', from: { id: 'buyer-b' } });
    await server.webchat.service.idle();
    const mine = (await (
      await fetch(dl(`/conversations/${a.conversationId}/activities`), { headers: bearer(a.token) })
    ).json()) as { activities: Array<{ from: { id: string }; text?: string }> };
    expect(mine.activities.find((x) => x.text === '冒充')?.from.id).toBe('buyer-a');
    expect(JSON.stringify(mine)).not.toContain('KM20261118004217');
  });

  it('an unknown conversation is 404 with the secret and 403 with a token', async () => {
    const a = await open('buyer-c');
    const secret = await fetch(dl('/conversations/nope/activities'), { headers: bearer(server.secret) });
    expect(await errorOf(secret)).toEqual({ status: 404, code: 'NotFound' });
    const token = await fetch(dl('/conversations/nope/activities'), { headers: bearer(a.token) });
    expect(token.status).toBe(403);
  });
});

describe('malformed activities', () => {
  it('answers 400 in Direct Line shape and keeps working', async () => {
    const { token, conversationId } = await open('buyer-m');
    const cases: Array<[unknown, string]> = [
      ['{not json', 'BadSyntax'],
      [{ text: 'no type' }, 'BadArgument'],
      [{ type: 'message', text: 'x'.repeat(20_001) }, 'BadArgument'],
      [{ type: 'message', text: 42 }, 'BadArgument'],
      [
        { type: 'message', attachments: [{ contentUrl: 'http://169.254.169.254/latest', contentType: 'image/png' }] },
        'BadArgument',
      ],
      [[1, 2, 3], 'BadArgument'],
    ];
    for (const [body, code] of cases) {
      expect(await errorOf(await post(conversationId, token, body))).toEqual({ status: 400, code });
    }
    const badWatermark = await fetch(dl(`/conversations/${conversationId}/activities?watermark=abc`), {
      headers: bearer(token),
    });
    expect(badWatermark.status).toBe(400);
    const ok = await post(conversationId, token, { type: 'message', text: '<img src=x onerror=alert(1)> **hi**' });
    expect(ok.status).toBe(200);
    await server.webchat.service.idle();
    const page = (await (
      await fetch(dl(`/conversations/${conversationId}/activities`), { headers: bearer(token) })
    ).json()) as { activities: Array<{ text?: string; textFormat?: string; from: { role: string } }> };
    const echo = page.activities.find((a) => a.from.role === 'user');
    expect(echo).toMatchObject({ text: '<img src=x onerror=alert(1)> **hi**', textFormat: 'plain' });
  });

  it('rejects oversized, empty and file-less uploads', async () => {
    const { token, conversationId } = await open('buyer-u');
    const upload = (form: FormData | string, headers: Record<string, string> = {}) =>
      fetch(dl(`/conversations/${conversationId}/upload?userId=buyer-u`), {
        method: 'POST',
        headers: { ...bearer(token), ...headers },
        body: form,
      });
    const big = new FormData();
    big.append('file', new Blob([Buffer.alloc(MAX_UPLOAD + 1, 1)]), 'big.png');
    expect((await errorOf(await upload(big))).status).toBe(413);
    const huge = new FormData();
    huge.append('file', new Blob([Buffer.alloc(MAX_UPLOAD * 5, 1)]), 'huge.png');
    expect((await upload(huge)).status).toBe(413);
    const empty = new FormData();
    empty.append('file', new Blob([]), 'empty.png');
    expect((await upload(empty)).status).toBe(400);
    const none = new FormData();
    none.append(
      'activity',
      new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }),
    );
    expect((await upload(none)).status).toBe(400);
    expect((await upload('plain', { 'content-type': 'text/plain' })).status).toBe(415);
    const fine = await post(conversationId, token, { type: 'message', text: '还在吗' });
    expect(fine.status).toBe(200);
  });
});

describe('retries', () => {
  it('the same clientActivityID twice is one message: same id, one bot turn', async () => {
    const { token, conversationId } = await open('buyer-retry');
    const before = bot.received.length;
    const body = { type: 'message', text: '你好', channelData: { clientActivityID: 'same' } };
    const first = (await (await post(conversationId, token, body)).json()) as { id: string };
    const second = (await (await post(conversationId, token, body)).json()) as { id: string };
    expect(second.id).toBe(first.id);
    await server.webchat.service.idle();
    expect(bot.received.length - before).toBe(1);
  });
});

describe('rate limiting', () => {
  it('1,000 messages in a second from one token: 429 with Retry-After, the bot is not flooded', async () => {
    const { token, conversationId } = await open('buyer-flood');
    const before = bot.received.length;
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => post(conversationId, token, { type: 'message', text: `spam ${i}` })),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(limited.length).toBe(980);
    expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await errorOf(limited[0] as Response)).toEqual({ status: 429, code: 'TooManyRequests' });
    await server.webchat.service.idle();
    expect(bot.received.length - before).toBe(20);
    // Another buyer is unaffected.
    const other = await open('buyer-calm');
    expect((await post(other.conversationId, other.token, { type: 'message', text: 'hi' })).status).toBe(200);
  });
});
