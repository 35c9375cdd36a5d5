/**
 * Sandbox webhooks not yet delivered used to be lost when the process stopped: the buyer never heard
 * the decision. They are kept in the sandbox database and sent once the next process listens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callbackSite, decide, openTicket, start, until } from './harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-restart-'));
const site = await callbackSite();
afterAll(() => {
  site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sandbox webhooks across a restart', () => {
  it('a decision whose webhook could not be delivered reaches the buyer after the restart', async () => {
    const env = {
      LOG_LEVEL: 'silent',
      REST_CALLBACK_URL: site.url,
      PLATFORM_WEBHOOK_SECRET: 'a-fixed-secret-for-both-runs',
    };
    // First run: the receiver is unreachable (nothing listens on port 9), so nothing is delivered.
    const first = await start({ ...env, PLATFORM_WEBHOOK_URL: 'http://127.0.0.1:9/hooks/platform' }, { dataDir });
    const { ticketId } = await openTicket(first.base, 'buyer-restart');
    await decide(first.base, ticketId, 'reject', '供应商已确认发货');
    await first.stop();
    expect(site.pushed.some((m) => m.text.includes('供应商已确认发货'))).toBe(false);

    const second = await start(env, { dataDir });
    try {
      await until(() => site.pushed.some((m) => m.text.includes('供应商已确认发货')), 20_000);
      expect((await second.started.runtime.storage.tickets.get(ticketId))?.status).toBe('rejected');
    } finally {
      await second.stop();
    }
  }, 120_000);
});
