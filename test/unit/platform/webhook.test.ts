import { describe, expect, it } from 'vitest';
import { createWebhookSender, openSandboxDb } from '../../../adapters/platform/sandbox/index.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { verifyWebhook } from '../../../src/server/webhook-signature.js';

const ticket = { ticketId: 'TK1', status: 'open' } as unknown as Ticket;
const ok = async () => new Response(null, { status: 200 });

describe('webhook sender', () => {
  it('signs timestamp and body with HMAC-SHA256 and names the event', async () => {
    const seen: { url: string; body: string; signature: string | null }[] = [];
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's3',
      fetch: async (url, init) => {
        seen.push({
          url: String(url),
          body: String(init?.body),
          signature: new Headers(init?.headers).get('x-signature'),
        });
        return ok();
      },
    });
    sender.ticketUpdated(ticket);
    await sender.idle();
    expect(seen).toHaveLength(1);
    const body = JSON.parse(seen[0]!.body) as { event: string; id: string; ticket: Ticket };
    expect(body).toEqual({ event: 'ticket.updated', id: expect.any(String), ticket });
    expect(seen[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const check = verifyWebhook(Buffer.from(seen[0]!.body), seen[0]!.signature ?? '', 's3', {
      now: new Date(),
      toleranceSeconds: 60,
    });
    expect(check.ok).toBe(true);
  });

  it('returns at once and retries a failing receiver a couple of times, with the same event id', async () => {
    const ids: string[] = [];
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's',
      retries: 2,
      retryDelayMs: 1,
      fetch: async (_u, init) => {
        ids.push((JSON.parse(String(init?.body)) as { id: string }).id);
        if (ids.length < 3) throw new TypeError('fetch failed');
        return ok();
      },
    });
    sender.ticketUpdated(ticket);
    expect(ids.length).toBeLessThanOrEqual(1);
    await sender.idle();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it('does not retry a 4xx other than 429', async () => {
    let attempts = 0;
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's',
      retryDelayMs: 1,
      fetch: async () => {
        attempts++;
        return new Response(null, { status: 409 });
      },
    });
    sender.ticketUpdated(ticket);
    await sender.idle();
    expect(attempts).toBe(1);
  });

  it('sends every event to each subscriber too, signed with that subscriber’s secret', async () => {
    const seen: { url: string; ok: boolean }[] = [];
    const secrets: Record<string, string> = {
      'http://self.test/h': 'self-secret',
      'http://other.test/h': 'other-secret-0123456',
    };
    const sender = createWebhookSender({
      url: 'http://self.test/h',
      secret: 'self-secret',
      fetch: async (url, init) => {
        const check = verifyWebhook(
          Buffer.from(String(init?.body)),
          new Headers(init?.headers).get('x-signature') ?? '',
          secrets[String(url)]!,
          {
            now: new Date(),
            toleranceSeconds: 60,
          },
        );
        seen.push({ url: String(url), ok: check.ok });
        return ok();
      },
    });
    sender.subscribe('http://other.test/h', 'other-secret-0123456');
    sender.ticketUpdated(ticket);
    await sender.idle();
    expect(seen.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: 'http://other.test/h', ok: true },
      { url: 'http://self.test/h', ok: true },
    ]);
  });

  it('keeps undelivered events in the database and sends them after a restart', async () => {
    const db = openSandboxDb(':memory:');
    const down = createWebhookSender({
      url: 'http://x.test/h',
      secret: 's',
      retries: 0,
      db,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    down.ticketUpdated(ticket);
    await down.stop();
    const received: string[] = [];
    const again = createWebhookSender({
      url: 'http://x.test/h',
      secret: 's',
      db,
      fetch: async (_u, init) => {
        received.push(String(init?.body));
        return ok();
      },
    });
    again.start();
    await again.stop();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toMatchObject({ event: 'ticket.updated', ticket });
    // Delivered: not sent a third time.
    const third = createWebhookSender({
      url: 'http://x.test/h',
      secret: 's',
      db,
      fetch: async () => {
        throw new Error('sent again');
      },
    });
    third.start();
    await third.stop();
    db.close();
  });
});
