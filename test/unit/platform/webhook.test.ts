import { describe, expect, it } from 'vitest';
import { createWebhookSender, signBody } from '../../../adapters/platform/sandbox/index.js';
import type { Ticket } from '../../../src/ports/platform.js';

const ticket = { ticketId: 'TK1', status: 'open' } as unknown as Ticket;

describe('webhook sender', () => {
  it('signs the raw body with HMAC-SHA256', async () => {
    const seen: { body: string; signature: string | null }[] = [];
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's3',
      fetch: async (_u, init) => {
        seen.push({ body: String(init?.body), signature: new Headers(init?.headers).get('x-signature') });
        return new Response(null, { status: 200 });
      },
    });
    sender.ticketUpdated(ticket);
    await sender.idle();
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!.body)).toEqual({ event: 'ticket.updated', ticket });
    expect(seen[0]!.signature).toBe(signBody(seen[0]!.body, 's3'));
    expect(seen[0]!.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('returns at once and retries a failing receiver a couple of times', async () => {
    let attempts = 0;
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's',
      retries: 2,
      retryDelayMs: 1,
      fetch: async () => {
        attempts++;
        if (attempts < 3) throw new TypeError('fetch failed');
        return new Response(null, { status: 200 });
      },
    });
    sender.ticketUpdated(ticket);
    expect(attempts).toBeLessThanOrEqual(1);
    await sender.idle();
    expect(attempts).toBe(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    let attempts = 0;
    const sender = createWebhookSender({
      url: 'http://x.test/hooks/platform',
      secret: 's',
      retryDelayMs: 1,
      fetch: async () => {
        attempts++;
        return new Response(null, { status: 401 });
      },
    });
    sender.ticketUpdated(ticket);
    await sender.idle();
    expect(attempts).toBe(1);
  });
});
