/**
 * The widget on a card site of another origin (examples/card-site), in Debian Chromium, on desktop
 * and phone viewports: open, the greeting, a flow to a real ticket, a decision pushed while the
 * panel is closed (badge and title cue), keyboard-only use, axe-core on the open widget, and an
 * outage of refund-desk (banner, recovery after a restart, the failed copy gone after a retry).
 * Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { type CardSite, startCardSite } from '../../examples/card-site/server.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';
import { missing } from '../requirements.js';
import { ARTIFACTS, launchChromium } from './chromium.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let dataDir: string;
let deskPort: number;
let sitePort: number;
let otherSitePort: number;
let product: Started | undefined;
let site: CardSite;
/** The same card site for another buyer: a conversation of its own for the outage test. */
let otherSite: CardSite;
let browser: Browser;
const deskUrl = () => `http://127.0.0.1:${deskPort}`;

async function start(): Promise<Started> {
  const loaded = loadConfig({
    PORT: String(deskPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WEBCHAT_ALLOWED_ORIGINS: `http://127.0.0.1:${sitePort},http://127.0.0.1:${otherSitePort}`,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return startProduct(loaded.config, createLogger({ level: 'silent', production: true }));
}

const skip = missing('chromium', 'the web chat embedded on a card site, in Chromium');

beforeAll(async () => {
  if (skip) return;
  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-embed-'));
  [deskPort, sitePort, otherSitePort] = [await freePort(), await freePort(), await freePort()];
  product = await start();
  // Sandbox mode without DIRECTLINE_SECRET: the generated secret is kept in DATA_DIR.
  const secret = readFileSync(join(dataDir, 'directline-secret'), 'utf8').trim();
  site = await startCardSite({ deskUrl: deskUrl(), secret, port: sitePort });
  otherSite = await startCardSite({ deskUrl: deskUrl(), secret, port: otherSitePort, buyerId: 'outage-buyer' });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await otherSite?.close();
  await product?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const panel = (page: Page) => page.locator('#rd-panel');
const launcher = (page: Page) => page.locator('.rd-btn');
const input = (page: Page) => page.locator('.webchat__send-box-text-box__input');
const bubble = (page: Page, text: string | RegExp) =>
  panel(page).locator('.webchat__bubble__content', { hasText: text }).last();
const action = (page: Page, name: string | RegExp) => panel(page).getByRole('toolbar').getByRole('button', { name });

async function send(page: Page, text: string) {
  await input(page).fill(text);
  await input(page).press('Enter');
}

async function newPage(viewport: { width: number; height: number }, phone = false): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({
    viewport,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors?: string[] }).errors = errors;
  return [context, page];
}

async function axe(page: Page) {
  await page.addScriptTag({ path: join('node_modules', 'axe-core', 'axe.min.js') });
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<Record<string, unknown>> }> };
    };
    const result = await w.axe.run(
      { include: [['#rd-panel'], ['.rd-btn']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
    );
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string,
      help: v.help as string,
      nodes: (v.nodes as Array<{ target: unknown }>).map((n) => JSON.stringify(n.target)).slice(0, 5),
    }));
  });
}

describe.skipIf(skip)('the widget on a card site of another origin, in Chromium', () => {
  let ticketId = '';

  it('refuses origins the operator did not allow (CORS preflight and the WebSocket)', async () => {
    const preflight = (origin: string) =>
      fetch(`${deskUrl()}/v3/directline/conversations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(site.url);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(site.url);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const [context, page] = await newPage(DESKTOP);
    await page.goto(`${site.url}/`);
    const { token, conversationId } = (await (
      await fetch(`${site.url}/refund-desk/token`, { method: 'POST' })
    ).json()) as {
      token: string;
      conversationId: string;
    };
    await fetch(`${deskUrl()}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const ws = (origin: string) =>
      page.evaluate(
        ([url, o]) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url as string);
            socket.onopen = () => {
              socket.close();
              resolve(`open ${o}`);
            };
            socket.onerror = () => resolve('refused');
          }),
        [`${deskUrl().replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`, origin],
      );
    expect(await ws(site.url)).toBe(`open ${site.url}`);
    // The same socket from a page of an origin that is not allowed.
    const evil = await context.newPage();
    await evil.route('http://evil.test/', (route) =>
      route.fulfill({ body: '<html><body>evil</body></html>', contentType: 'text/html' }),
    );
    await evil.goto('http://evil.test/');
    const fromEvil = await evil.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
      `${deskUrl().replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`,
    );
    expect(fromEvil).toBe('refused');
    await context.close();
  }, 60_000);

  it('desktop: open, greeting, a flow to a real ticket, a decision pushed while closed', async () => {
    const [context, page] = await newPage(DESKTOP);
    await page.goto(`${site.url}/`);
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('false');
    await launcher(page).click();
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    // Focus goes to the input; the greeting names the bot as a bot and offers starting points.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''), { timeout: 20_000 })
      .toContain('webchat__send-box-text-box__input');
    await bubble(page, '机器人').waitFor({ timeout: 20_000 });
    expect(await bubble(page, '机器人').textContent()).toContain('售后助手');
    await action(page, '卡密用不了').click();
    await bubble(page, /订单号/).waitFor();
    await send(page, 'KM20261118000104');
    await bubble(page, '请上传').waitFor();
    await panel(page)
      .locator('input[type="file"]')
      .setInputFiles({ name: 'error.png', mimeType: 'image/png', buffer: PNG });
    await panel(page).locator('img[src*="/v3/directline/attachments/"]').first().waitFor();
    // The same file can be picked again: the input is cleared after each pick.
    expect(await panel(page).locator('input[type="file"]').inputValue()).toBe('');
    await action(page, '确认提交').click();
    const ticket = bubble(page, /TK\d{6,}/);
    await ticket.waitFor({ timeout: 20_000 });
    ticketId = /TK\d{6,}/.exec((await ticket.textContent()) ?? '')?.[0] ?? '';
    expect(await product?.runtime.platform.getTicket(ticketId)).toMatchObject({ buyerId: 'demo-buyer' });
    // The ticket id is emphasised; nothing failed to send.
    expect(await ticket.locator('strong', { hasText: ticketId }).count()).toBe(1);
    expect(
      await panel(page)
        .getByText(/发送失败|Send failed/)
        .count(),
    ).toBe(0);

    // A cited clause is a link that opens the clause text inside the panel.
    const link = panel(page).locator('a[href*="/webchat/clauses/"]').last();
    await link.click();
    await expect.poll(() => panel(page).locator('.rd-sheet.rd-on').textContent()).toMatch(/RP-\d{2}/);
    await page.keyboard.press('Escape');
    expect(await panel(page).locator('.rd-sheet.rd-on').count()).toBe(0);

    // Esc closes; focus returns to the launcher.
    await page.keyboard.press('Escape');
    expect(await panel(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('rd-btn');
    const title = await page.title();

    const decided = await fetch(`${deskUrl()}/platform/v1/tickets/${ticketId}/decision`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({
        decision: 'approve',
        amount: 98,
        reason: '核实卡密无效',
        clauseIds: ['RP-05'],
        agentId: 'agent-1',
      }),
    });
    expect(decided.status).toBeLessThan(300);
    await expect.poll(() => page.locator('.rd-badge.rd-on').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await page.title()).toBe(`(1) 新消息 · ${title}`);
    expect(await launcher(page).getAttribute('aria-label')).toContain('1 条未读消息');
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-badge.png` });

    await launcher(page).click();
    const card = panel(page).locator('.ac-adaptiveCard', { hasText: '退款申请已通过' }).last();
    await card.waitFor();
    expect(await card.textContent()).toContain(ticketId);
    expect(await card.textContent()).toContain('¥98.00');
    expect(await page.locator('.rd-badge.rd-on').count()).toBe(0);
    expect(await page.title()).toBe(title);

    const violations = await axe(page);
    writeFileSync(`${ARTIFACTS}webchat-embed-axe.json`, JSON.stringify(violations, null, 2));
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-desktop.png` });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('phone: the launcher is fully visible and the panel fills the screen', async () => {
    const [context, page] = await newPage(PHONE, true);
    await page.goto(`${site.url}/`);
    const box = await launcher(page).boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-phone-closed.png` });
    await launcher(page).tap();
    await input(page).waitFor({ timeout: 40_000 });
    expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, ...PHONE });
    await panel(page).locator('.ac-adaptiveCard').last().waitFor();
    const violations = await axe(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-phone.png` });
    await context.close();
  }, 120_000);

  it('keyboard only: Tab to the launcher, Enter, type, pick a button, Esc', async () => {
    const [context, page] = await newPage(DESKTOP);
    await page.goto(`${site.url}/`);
    let tabs = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('rd-btn'))) && tabs < 20) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(tabs).toBeLessThan(20);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''), { timeout: 20_000 })
      .toContain('webchat__send-box-text-box__input');
    await page.keyboard.type('退款什么时候到账？');
    await page.keyboard.press('Enter');
    await bubble(page, '退款什么时候到账').waitFor();
    // The frame follows the conversation's language: header, placeholder, avatars.
    await page.keyboard.type('Hello, when will my refund arrive?');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => panel(page).locator('#rd-title').textContent(), { timeout: 20_000 })
      .toBe('Customer service');
    await expect.poll(() => input(page).getAttribute('placeholder')).toMatch(/Type your message/i);
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-english.png` });
    await input(page).focus();
    await page.keyboard.type('我的退款到哪一步了');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).locator('#rd-title').textContent(), { timeout: 20_000 }).toBe('售后客服');
    await page.keyboard.press('Escape');
    expect(await panel(page).isVisible()).toBe(false);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('rd-btn');
    await context.close();
  }, 120_000);

  it('outage: a banner while refund-desk is down, recovery after a restart, no failed copy left', async () => {
    const [context, page] = await newPage(DESKTOP);
    await page.goto(`${otherSite.url}/`);
    await launcher(page).click();
    await input(page).waitFor({ timeout: 40_000 });
    await bubble(page, '机器人').waitFor({ timeout: 30_000 });
    const online = () =>
      page.evaluate(
        () => (window as unknown as { RefundDesk: { status(): { online: boolean } } }).RefundDesk.status().online,
      );
    await expect.poll(online).toBe(true);

    await product?.stop();
    product = undefined;
    const banner = panel(page).locator('.rd-banner.rd-on');
    const status = () =>
      page.evaluate(() =>
        JSON.stringify((window as unknown as { RefundDesk: { status(): unknown } }).RefundDesk.status()),
      );
    await expect
      .poll(() => banner.count(), { timeout: 30_000 })
      .toBe(1)
      .catch(async (err: unknown) => {
        throw new Error(`${String(err)}\n${await status()}`);
      });
    expect(await banner.textContent()).toContain('连接已中断');
    await send(page, '我的退款什么时候到账');
    await panel(page)
      .getByText(/发送失败/)
      .first()
      .waitFor({ timeout: 40_000 });
    await page.screenshot({ path: `${ARTIFACTS}webchat-embed-outage.png` });

    product = await start();
    // The client retries the stream on its own; the banner then says so and goes.
    await expect.poll(online, { timeout: 60_000 }).toBe(true);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    await panel(page).getByRole('button', { name: /重试/ }).first().click();
    await expect
      .poll(() => panel(page).locator('.webchat__bubble--from-user', { hasText: '我的退款什么时候到账' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await expect
      .poll(
        () =>
          panel(page)
            .getByText(/发送失败/)
            .count(),
        { timeout: 20_000 },
      )
      .toBe(0);
    await context.close();
  }, 300_000);
});
