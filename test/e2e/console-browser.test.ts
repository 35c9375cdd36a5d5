/**
 * The agent console in Debian Chromium: an agent signs in, opens a ticket the bot opened, sees the
 * transcript (with hostile buyer HTML shown as text) and the evidence image, approves; the decision
 * reaches the platform. A screenshot of the ticket page is kept in test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { agentAuth, createConsole } from '../../app/console.js';
import { createPlatform, type PlatformWiring } from '../../app/platform.js';
import { createTranscript } from '../../app/transcript.js';
import { loadConfig } from '../../src/config/env.js';
import { Topic } from '../../src/core/events.js';
import type { EvidenceIntake } from '../../src/ports/evidence.js';
import type { Ticket } from '../../src/ports/platform.js';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';
import { XSS_IMG, XSS_SCRIPT } from '../unit/console/fixture.js';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const PASSWORD = 'an agent password';

let browser: Browser;
let server: RunningServer;
let storage: SqliteStorage;
let platform: PlatformWiring;
let dataDir: string;
let ticketId: string;
const updates: Ticket[] = [];
let evidence: EvidenceIntake;

/** A picture of an activation error, drawn by the browser itself, used as the buyer's upload. */
async function errorScreenshot(page: Page): Promise<Buffer> {
  await page.setContent(
    '<div style="font:20px sans-serif;padding:16px;background:#fee;border:2px solid #c00;width:360px">激活失败：卡密无效 (E1024)<br>Activation failed: invalid code</div>',
  );
  return page.locator('div').screenshot();
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

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const png = await errorScreenshot(await browser.newPage());

  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-console-e2e-'));
  const loaded = loadConfig({ DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const config = loaded.config;
  const log = pino({ level: 'silent' });
  storage = await openSqliteStorage({ file: join(dataDir, 'refund-desk.sqlite') });
  const ticketUpdates = new Topic<Ticket>();
  ticketUpdates.subscribe((t) => void updates.push(t));
  platform = await createPlatform({ config, log, dataDir, ticketUpdates });

  // What the bot would have done through the REST channel: the conversation, its transcript, the
  // upload, the ticket on the platform and the bot's own record of it.
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
  const consoleAuth = agentAuth(storage.db);
  const transcript = createTranscript({ config, dataDir, storage, log, authorize: consoleAuth.authorize });
  evidence = transcript.evidence;
  const upload = await transcript.evidence.accept(conversationId, {
    name: 'error.png',
    contentType: 'text/html',
    bytes: png,
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
  const last = await say('in', XSS_IMG, [attachment]);
  const headHash = last.hash;
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
  ticketId = created.ticketId;
  const now = new Date().toISOString();
  await storage.tickets.upsert({
    ticketId,
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

  const console = createConsole({
    config,
    log,
    db: storage.db,
    storage,
    platform: platform.port,
    ticketUpdates,
    consoleAuth,
    evidence,
  });
  const added = await console.auth.addAgent({ email: 'agent@example.com', role: 'agent', password: PASSWORD }, null);
  if (!added.ok) throw new Error(added.message);
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [...platform.httpModules, transcript.httpModule, console.httpModule],
    version: 'e2e',
  });
  server = await listen(app, { port: config.PORT, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close(1000);
  await platform?.close();
  await storage?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('agent console in Chromium', () => {
  it('sign in, open the ticket, see transcript and evidence image, approve', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(`${server.url}/agent`);
    expect(page.url()).toContain('/agent/login');
    await page.fill('input[name=email]', 'agent@example.com');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/agent`);

    await page.click(`a[href="/agent/tickets/${ticketId}"]`);
    await page.waitForURL(new RegExp(`/agent/tickets/${ticketId}$`));

    const transcript = page.locator('#transcript');
    await expect.poll(() => transcript.locator('[data-integrity="ok"]').count()).toBe(1);
    expect(await transcript.textContent()).toContain(XSS_SCRIPT);
    expect(await transcript.textContent()).toContain(XSS_IMG);
    expect(await page.locator('#transcript script, #transcript img[onerror]').count()).toBe(0);

    const images = page.locator('#evidence img, #transcript img');
    expect(await images.count()).toBe(2);
    for (const img of await images.all()) {
      await expect
        .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(100);
    }
    expect(await page.locator('[data-clause="RP-05"]').count()).toBe(1);

    const exported = await page.request.get(`${server.url}${await page.getAttribute('a[data-export="html"]', 'href')}`);
    expect(exported.status()).toBe(200);
    const exportedHtml = await exported.text();
    expect(exportedHtml).toContain('买的点卡激活不了');
    expect(exportedHtml).not.toContain(XSS_SCRIPT);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-ticket.png'), fullPage: true });

    expect(await page.inputValue('#approve input[name=amount]')).toBe('100');
    await page.click('#approve button[type=submit]');
    await page.waitForURL(/done=approve/);
    expect(await page.locator('[data-status="approved"]').count()).toBe(1);
    expect((await platform.port.getTicket(ticketId))?.decision).toMatchObject({
      decision: 'approve',
      amount: 100,
      agentId: 'agent@example.com',
    });
    expect((await storage.tickets.get(ticketId))?.status).toBe('approved');
    // The platform's signed ticket.updated webhook came back to refund-desk, where the notifier tells the buyer.
    await expect.poll(() => updates.map((t) => t.status)).toContain('approved');
    await page.screenshot({ path: join(ARTIFACTS, 'console-ticket-approved.png'), fullPage: true });

    await page.goto(`${server.url}/agent/overview`);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  });
});
