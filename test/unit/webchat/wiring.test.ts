/** app/webchat.ts: the sandbox secret kept in DATA_DIR, a conversation per /demo visitor, signed attachment links. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebchat } from '../../../app/webchat.js';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger } from '../../../src/core/log.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';

const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-webchat-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function webchat(env: Record<string, string> = {}) {
  const loaded = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const lines: string[] = [];
  const log = createLogger({ level: 'silent', production: true });
  const spy = Object.assign(Object.create(log) as typeof log, {
    info: (...args: unknown[]) => void lines.push(args.map(String).join(' ')),
    warn: (...args: unknown[]) => void lines.push(args.map(String).join(' ')),
  });
  const wc = createWebchat({ config: loaded.config, log: spy, bot: { handle: async () => [] }, dataDir });
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: wc.httpModules,
    version: 't',
  });
  return { wc, app, lines };
}

describe('web chat wiring', () => {
  it('keeps the generated sandbox secret in DATA_DIR, so tokens survive a restart', () => {
    const first = webchat().wc.secret;
    expect(first).toBeTruthy();
    expect(webchat().wc.secret).toBe(first);
    expect(statSync(join(dataDir, 'directline-secret')).mode & 0o077).toBe(0);
  });

  it('says which origins may embed the chat, and none by default outside sandbox mode', () => {
    expect(webchat().lines.join('\n')).toMatch(/sandbox mode lets pages of any origin/);
    const remote = webchat({
      PLATFORM_MODE: 'remote',
      PLATFORM_API_URL: 'http://p.test',
      PLATFORM_WEBHOOK_SECRET: 's',
    });
    expect(remote.lines.join('\n')).toMatch(
      /WEBCHAT_ALLOWED_ORIGINS is not set: the web chat works only on pages served from refund-desk/,
    );
  });

  it('gives each /demo visitor a conversation of their own, and the same one back with their cookie', async () => {
    const { app } = webchat();
    const visit = async (cookie?: string) => {
      const res = await app.request('/demo/token', { method: 'POST', ...(cookie ? { headers: { cookie } } : {}) });
      const body = (await res.json()) as { conversationId: string; token: string };
      return { ...body, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
    };
    const a = await visit();
    const b = await visit();
    expect(a.conversationId).not.toBe(b.conversationId);
    await app.request('/v3/directline/conversations', {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect((await visit(a.cookie)).conversationId).toBe(a.conversationId);
    expect((await visit(b.cookie)).conversationId).toBe(b.conversationId);
  });

  it('serves an attachment only through a signed link', async () => {
    const { app } = webchat();
    expect((await app.request('/v3/directline/attachments/0b3c6f0e-aaaa-bbbb')).status).toBe(403);
    expect((await app.request('/v3/directline/attachments/0b3c6f0e-aaaa-bbbb?c=x&e=99999999999&s=forged')).status).toBe(
      403,
    );
  });
});
