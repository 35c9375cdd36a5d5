/**
 * The whole product started in this process on a real socket (as `npm start` does), with its own
 * data directory; plus the helpers the security tests share: requests, the sandbox API, a recording
 * REST callback site, and event-loop delay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';

export interface Product {
  base: string;
  started: Started;
  dataDir: string;
  /** Every log record written so far. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function start(env: NodeJS.ProcessEnv = {}, options: { dataDir?: string } = {}): Promise<Product> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'refund-desk-security-'));
  const loaded = loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const started = await startProduct(loaded.config, pino({ level: 'info' }, sink));
  return {
    base: started.server.url,
    started,
    dataDir,
    logs,
    async stop() {
      await started.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const SANDBOX_AUTH = { authorization: 'Bearer sandbox', 'content-type': 'application/json' };

export async function json<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface RestReply {
  text: string;
  custom: { expecting?: { slot: string; options?: Array<{ payload: string }> } };
}

/** A buyer's message on the REST channel. */
export async function say(
  base: string,
  sender: string,
  message: string,
  headers: Record<string, string> = {},
): Promise<RestReply[]> {
  const r = await json<RestReply[]>(
    base,
    'POST',
    '/webhooks/rest/webhook',
    { sender, message },
    {
      'content-type': 'application/json',
      ...headers,
    },
  );
  if (r.status !== 200) throw new Error(`REST answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export const text = (replies: RestReply[]): string => replies.map((r) => r.text).join('\n');

export async function createOrder(base: string, fields: Record<string, unknown>): Promise<string> {
  const r = await json<{ orderNo: string }>(base, 'POST', '/platform/v1/sandbox/orders', fields, SANDBOX_AUTH);
  if (r.status !== 201) throw new Error(`order: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.orderNo;
}

/** A card site's REST_CALLBACK_URL: records what refund-desk pushes. */
export async function callbackSite(): Promise<{ url: string; pushed: RestReply[]; close(): void }> {
  const pushed: RestReply[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      pushed.push(...(JSON.parse(body) as RestReply[]));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/cb`, pushed, close: () => server.close() };
}

/**
 * The longest time the event loop was kept busy while `run` ran (monitorEventLoopDelay at 1 ms
 * resolution): what every other request waited at worst, unlike wall time.
 */
export async function loopDelayDuring(run: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  try {
    await run();
  } finally {
    h.disable();
  }
  return h.max / 1e6;
}

export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A not-delivered order of `buyerId`, paid a day ago (eligible), and the buyer opening a ticket for it by REST. */
export async function openTicket(
  base: string,
  buyerId: string,
  options: { platformBase?: string; headers?: Record<string, string> } = {},
): Promise<{ orderNo: string; ticketId: string }> {
  const orderNo = await createOrder(options.platformBase ?? base, {
    buyerId,
    status: 'paid',
    deliveredAt: null,
    paidAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
  });
  let reply = await say(base, buyerId, `${orderNo} 付款一天多了还没发货`, options.headers);
  for (let turn = 0; turn < 6; turn++) {
    const ticketId = /TK\d+/.exec(text(reply))?.[0];
    if (ticketId) return { orderNo, ticketId };
    const slot = reply.at(-1)?.custom.expecting?.slot;
    const answer = slot === 'evidence' ? '/no_evidence' : slot === 'insist' ? '/insist' : '/confirm';
    reply = await say(base, buyerId, answer, options.headers);
  }
  throw new Error(`no ticket opened: ${text(reply)}`);
}

export async function decide(
  base: string,
  ticketId: string,
  decision: 'approve' | 'reject',
  reason = 'checked',
): Promise<void> {
  const r = await json(
    base,
    'POST',
    `/platform/v1/tickets/${ticketId}/decision`,
    {
      decision,
      reason,
      clauseIds: [],
      agentId: 'agent-1',
    },
    SANDBOX_AUTH,
  );
  if (r.status !== 200) throw new Error(`decision: ${r.status} ${JSON.stringify(r.body)}`);
}
