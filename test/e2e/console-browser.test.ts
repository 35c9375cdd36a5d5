/**
 * The agent console in Debian Chromium: an agent signs in, opens a ticket the bot opened, sees the
 * transcript (with hostile buyer HTML shown as text) and the evidence image, approves; the decision
 * reaches the platform. A screenshot of the ticket page is kept in test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { createConsole } from '../../app/console.js';
import { loadConfig } from '../../src/config/env.js';
import type { DecisionInput, Platform, Ticket } from '../../src/ports/platform.js';
import { createApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { createMetrics } from '../../src/server/metrics.js';
import { buildTranscript, makeOrder, XSS_IMG, XSS_SCRIPT } from '../unit/console/fixture.js';

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
let dataDir: string;
const decisions: Array<{ ticketId: string; input: DecisionInput }> = [];
const evidence = new Map<string, Uint8Array>();

/** A picture of an activation error, drawn by the browser itself, used as the buyer's upload. */
async function errorScreenshot(page: Page): Promise<Buffer> {
  await page.setContent(
    '<div style="font:20px sans-serif;padding:16px;background:#fee;border:2px solid #c00;width:360px">激活失败：卡密无效 (E1024)<br>Activation failed: invalid code</div>',
  );
  return page.locator('div').screenshot();
}

function platformWith(ticket: Ticket): Platform {
  const order = makeOrder(ticket.orderNo);
  const unused = async (): Promise<never> => {
    throw new Error('not used by the console');
  };
  return {
    getOrder: async (orderNo) => (orderNo === order.orderNo ? order : null),
    getTicket: async (id) => (id === ticket.ticketId ? ticket : null),
    listTickets: async () => [ticket],
    decide: async (ticketId, input) => {
      decisions.push({ ticketId, input });
      Object.assign(ticket, { status: 'approved', decision: { ...input, at: new Date().toISOString() } });
      return ticket;
    },
    verifyOwnership: unused,
    createTicket: unused,
    appeal: unused,
  } as Platform;
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const png = await errorScreenshot(await browser.newPage());
  const sha256 = (await import('node:crypto')).createHash('sha256').update(png).digest('hex');
  evidence.set(sha256, new Uint8Array(png));

  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-console-e2e-'));
  storage = await openSqliteStorage({ file: join(dataDir, 'refund-desk.sqlite') });
  const conversationId = 'rest:e2e-buyer';
  await storage.conversations.getOrCreate({
    id: conversationId,
    channel: 'rest',
    address: {},
    buyerId: 'buyer-1',
    lang: 'zh',
    state: null,
  });
  const attachment = { sha256, mime: 'image/png', bytes: png.length, name: 'error.png' };
  await storage.attachments.put({ ...attachment, conversationId, createdAt: new Date().toISOString() });
  const entries = buildTranscript(conversationId, [
    { direction: 'in', actor: 'buyer', type: 'text', payload: { text: `买的点卡激活不了 ${XSS_SCRIPT}` } },
    { direction: 'out', actor: 'bot', type: 'text', payload: { text: '请上传激活失败的截图（《退款规则》第5条）。' } },
    { direction: 'in', actor: 'buyer', type: 'attachment', payload: { text: XSS_IMG }, attachments: [attachment] },
    { direction: 'system', actor: 'bot', type: 'event', payload: { event: 'ticket_opened', ticketId: 'TK-E2E-1' } },
  ]);
  for (const e of entries) await storage.transcripts.append(e);
  const headHash = entries.at(-1)!.hash;
  const now = new Date();
  const ticket: Ticket = {
    ticketId: 'TK-E2E-1',
    orderNo: 'KM20261125000042',
    buyerId: 'buyer-1',
    channel: 'rest',
    scenario: 'defective',
    assessment: { result: 'needs_review', clauseIds: ['RP-05'], reasons: ['code reported invalid'] },
    claims: ['the code cannot be activated'],
    evidence: [{ kind: 'error_screenshot', sha256, mime: 'image/png', bytes: png.length }],
    transcript: { conversationId, headHash },
    status: 'open',
    createdAt: now.toISOString(),
    slaDueAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
  };
  await storage.tickets.upsert({
    ticketId: ticket.ticketId,
    orderNo: ticket.orderNo,
    buyerId: ticket.buyerId,
    conversationId,
    channel: 'rest',
    scenario: ticket.scenario,
    assessment: ticket.assessment,
    status: 'open',
    headHash,
    slaDueAt: ticket.slaDueAt,
    createdAt: ticket.createdAt,
    updatedAt: ticket.createdAt,
  });

  const loaded = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const log = pino({ level: 'silent' });
  const console = createConsole({
    config: loaded.config,
    log,
    db: storage.db,
    storage,
    platform: platformWith(ticket),
    evidence: { read: async (sha) => evidence.get(sha) ?? null },
  });
  const added = await console.auth.addAgent({ email: 'agent@example.com', role: 'agent', password: PASSWORD }, null);
  if (!added.ok) throw new Error(added.message);
  const app = createApp({
    log,
    metrics: createMetrics({ defaultMetrics: false }),
    modules: [console.httpModule],
    version: 'e2e',
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close(1000);
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

    await page.click('a[href="/agent/tickets/TK-E2E-1"]');
    await page.waitForURL(/\/agent\/tickets\/TK-E2E-1$/);

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

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-ticket.png'), fullPage: true });

    expect(await page.inputValue('#approve input[name=amount]')).toBe('100');
    await page.click('#approve button[type=submit]');
    await page.waitForURL(/done=approve/);
    expect(await page.locator('[data-status="approved"]').count()).toBe(1);
    expect(decisions).toEqual([
      {
        ticketId: 'TK-E2E-1',
        input: expect.objectContaining({ decision: 'approve', amount: 100, agentId: 'agent@example.com' }),
      },
    ]);
    expect((await storage.tickets.get('TK-E2E-1'))?.status).toBe('approved');
    await page.screenshot({ path: join(ARTIFACTS, 'console-ticket-approved.png'), fullPage: true });

    await page.goto(`${server.url}/agent/overview`);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  });
});
