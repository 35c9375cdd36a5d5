/**
 * bench:webchat — time from a buyer's message (POST activity) to the bot's reply arriving over the
 * Direct Line WebSocket, p50/p99 over N turns (default 200).
 *   npm run bench:webchat                 # the whole product in-process (sandbox, temp DATA_DIR)
 *   npm run bench:webchat -- --bot scripted --turns 500   # the channel alone, with a scripted bot
 * Turns are paced under the per-conversation rate limit (10 messages/s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createWebchat } from '../app/webchat.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/core/log.js';
import type { Bot, OutboundMessage } from '../src/core/messages.js';
import { createApp } from '../src/server/app.js';
import { listen } from '../src/server/listen.js';
import { createMetrics } from '../src/server/metrics.js';

const { values } = parseArgs({
  options: { turns: { type: 'string', default: '200' }, bot: { type: 'string', default: 'product' } },
});
const turns = Number(values.turns);

interface Target {
  url: string;
  token(): Promise<string>;
  close(): Promise<void>;
}

const echoBot: Bot = {
  async handle(m): Promise<OutboundMessage[]> {
    return [{ lang: 'zh', text: `收到：${m.text ?? ''}`, expecting: { slot: 'free_text' } }];
  },
};

async function scriptedTarget(): Promise<Target> {
  const loaded = loadConfig({ PORT: '0', PLATFORM_MODE: 'sandbox' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const log = createLogger({ level: 'silent', production: true });
  const webchat = createWebchat({ config: loaded.config, log, bot: echoBot });
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: webchat.httpModules,
    version: 'bench',
  });
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  const detach = webchat.httpModules.flatMap((m) => (m.attach ? [m.attach(server.server)] : []));
  return {
    url: server.url,
    token: () => demoToken(server.url),
    async close() {
      for (const undo of detach) undo();
      await server.close(500);
    },
  };
}

async function productTarget(): Promise<Target> {
  const { startProduct } = await import('../app/start.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-bench-'));
  const loaded = loadConfig({
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    PLATFORM_MODE: 'sandbox',
    LOG_LEVEL: 'warn',
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const log = createLogger({ level: 'warn', production: true });
  const started = await startProduct(loaded.config, log);
  return {
    url: started.server.url,
    token: () => demoToken(started.server.url),
    async close() {
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo page's token endpoint: signed in as the demo buyer. */
async function demoToken(url: string): Promise<string> {
  const res = await fetch(`${url}/demo/token`, { method: 'POST' });
  if (!res.ok) throw new Error(`/demo/token answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

interface Frame {
  activities: Array<{ type: string; id: string; replyToId?: string; from: { role: string } }>;
}

async function run(target: Target): Promise<number[]> {
  const token = await target.token();
  const auth = { authorization: `Bearer ${token}` };
  const start = await fetch(`${target.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
  const { conversationId, streamUrl } = (await start.json()) as { conversationId: string; streamUrl: string };
  const ws = new WebSocket(streamUrl);
  // The reply may arrive on the stream before the POST's response does.
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as Frame;
    for (const a of frame.activities) {
      if (a.type !== 'message' || a.from.role !== 'bot' || !a.replyToId || arrived.has(a.replyToId)) continue;
      arrived.set(a.replyToId, at);
      waiting.get(a.replyToId)?.(at);
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

  const texts = ['你好', '退款规则是什么？', '我的订单一直没到账', '/cancel'];
  const timings: number[] = [];
  for (let i = 0; i < turns; i++) {
    const sentAt = performance.now();
    const res = await fetch(`${target.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: texts[i % texts.length],
        channelData: { clientActivityID: `b${i}` },
      }),
    });
    if (!res.ok) throw new Error(`turn ${i}: POST answered ${res.status}`);
    const { id } = (await res.json()) as { id: string };
    const repliedAt =
      arrived.get(id) ??
      (await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`turn ${i}: no reply within 30 s`)), 30_000);
        waiting.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }));
    waiting.delete(id);
    timings.push(repliedAt - sentAt);
    const spent = performance.now() - sentAt;
    if (spent < 110) await new Promise((r) => setTimeout(r, 110 - spent));
  }
  ws.close();
  return timings;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

const target = values.bot === 'scripted' ? await scriptedTarget() : await productTarget();
try {
  const timings = (await run(target)).sort((a, b) => a - b);
  const mean = timings.reduce((s, t) => s + t, 0) / timings.length;
  process.stdout.write(
    `bench:webchat (${values.bot} bot) — buyer message → bot reply over the WebSocket, ${timings.length} turns\n` +
      `  p50 ${quantile(timings, 0.5).toFixed(1)} ms   p99 ${quantile(timings, 0.99).toFixed(1)} ms   ` +
      `mean ${mean.toFixed(1)} ms   max ${(timings.at(-1) ?? 0).toFixed(1)} ms\n`,
  );
} finally {
  await target.close();
}
