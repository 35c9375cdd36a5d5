/**
 * The console composed as app/runtime.ts composes it — SQLite storage, the in-process sandbox
 * platform with its signed webhook, the transcript recorder and evidence store, the knowledge base —
 * on a real socket, with one ticket opened the way the bot opens it: conversation, recorded
 * transcript with an upload, ticket on the platform, the bot's own ticket record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openSqliteStorage, type SqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { agentAuth, createConsole } from '../../app/console.js';
import { createKnowledge } from '../../app/knowledge.js';
import { createPlatform, type PlatformWiring } from '../../app/platform.js';
import { createTranscript, type TranscriptWiring } from '../../app/transcript.js';
import { loadConfig } from '../../src/config/env.js';
import { Topic } from '../../src/core/events.js';
import type { Ticket } from '../../src/ports/platform.js';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';
import { XSS_IMG, XSS_SCRIPT } from '../unit/console/fixture.js';

export const AGENT = { email: 'agent@example.com', password: 'an agent password' };

export interface ConsoleProduct {
  server: RunningServer;
  storage: SqliteStorage;
  platform: PlatformWiring;
  transcript: TranscriptWiring;
  ticketId: string;
  conversationId: string;
  /** Every ticket.updated the platform's webhook delivered back. */
  updates: Ticket[];
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startConsoleProduct(evidencePng: Uint8Array): Promise<ConsoleProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-console-e2e-'));
  const loaded = loadConfig({ DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const config = loaded.config;
  const log = pino({ level: 'silent' });
  const storage = await openSqliteStorage({ file: join(dataDir, 'refund-desk.sqlite') });
  const updates: Ticket[] = [];
  const ticketUpdates = new Topic<Ticket>();
  ticketUpdates.subscribe((t) => void updates.push(t));
  const platform = await createPlatform({ config, log, dataDir, ticketUpdates });
  const knowledge = await createKnowledge({ config, log, dataDir });
  const consoleAuth = agentAuth(storage.db);
  const transcript = createTranscript({ config, dataDir, storage, log, authorize: consoleAuth.authorize });

  const order = platform.sandbox!.service.createOrder({
    buyerId: 'e2e-buyer',
    amount: 100,
    product: { name: '游戏点卡 100 元', kind: 'game_card' },
  });
  const conversationId = 'rest:e2e-buyer';
  await storage.conversations.getOrCreate({
    id: conversationId,
    channel: 'rest',
    address: {},
    buyerId: 'e2e-buyer',
    lang: 'zh',
    state: null,
  });
  const upload = await transcript.evidence.accept(conversationId, {
    name: 'error.png',
    contentType: 'text/html',
    bytes: evidencePng,
  });
  if (!upload.ok) throw new Error(upload.message);
  const attachment = upload.attachment;
  const say = (direction: 'in' | 'out', text: string, attachments: (typeof attachment)[] = []) =>
    transcript.recorder.record(conversationId, {
      direction,
      channel: 'rest',
      actor: direction === 'in' ? 'buyer' : 'bot',
      type: attachments.length > 0 ? 'attachment' : 'text',
      payload: { text },
      attachments,
    });
  await say('in', `买的点卡激活不了 ${order.orderNo} ${XSS_SCRIPT}`);
  await say('out', '请上传激活失败的截图（《退款规则》第5条）。');
  const headHash = (await say('in', XSS_IMG, [attachment])).hash;
  const assessment = { result: 'needs_review' as const, clauseIds: ['RP-05'], reasons: ['code reported invalid'] };
  const created = await platform.port.createTicket(
    {
      orderNo: order.orderNo,
      buyerId: order.buyerId,
      channel: 'rest',
      scenario: 'defective',
      assessment,
      claims: ['the code cannot be activated'],
      evidence: [
        { kind: 'error_screenshot', sha256: attachment.sha256, mime: attachment.mime, bytes: attachment.bytes },
      ],
      transcript: { conversationId, headHash },
    },
    `e2e-${order.orderNo}`,
  );
  const now = new Date().toISOString();
  await storage.tickets.upsert({
    ticketId: created.ticketId,
    orderNo: order.orderNo,
    buyerId: order.buyerId,
    conversationId,
    channel: 'rest',
    scenario: 'defective',
    assessment,
    status: created.status,
    headHash,
    slaDueAt: created.slaDueAt,
    createdAt: now,
    updatedAt: now,
  });

  const agentConsole = createConsole({
    config,
    log,
    db: storage.db,
    storage,
    platform: platform.port,
    ticketUpdates,
    consoleAuth,
    evidence: transcript.evidence,
    retriever: knowledge.retriever,
  });
  const added = await agentConsole.auth.addAgent({ ...AGENT, role: 'agent' }, null);
  if (!added.ok) throw new Error(added.message);
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [...platform.httpModules, transcript.httpModule, agentConsole.httpModule],
    version: 'e2e',
  });
  const server = await listen(app, { port: config.PORT, host: '127.0.0.1' });
  return {
    server,
    storage,
    platform,
    transcript,
    ticketId: created.ticketId,
    conversationId,
    updates,
    async close() {
      await server.close(1000);
      await platform.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
