/**
 * The agent console in Debian Chromium: an agent signs in, opens a ticket the bot opened, sees the
 * transcript (with hostile buyer HTML shown as text) and the evidence image, approves; the decision
 * reaches the platform, whose signed webhook comes back. Screenshots are kept in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../requirements.js';
import { XSS_IMG, XSS_SCRIPT } from '../unit/console/fixture.js';
import { ARTIFACTS, launchChromium } from './chromium.js';
import { AGENT, type ConsoleProduct, startConsoleProduct } from './console-setup.js';

let browser: Browser;
let product: ConsoleProduct;

/** A picture of an activation error, drawn by the browser itself, used as the buyer's upload. */
async function errorScreenshot(page: Page): Promise<Buffer> {
  await page.setContent(
    '<div style="font:20px sans-serif;padding:16px;background:#fee;border:2px solid #c00;width:360px">激活失败：卡密无效 (E1024)<br>Activation failed: invalid code</div>',
  );
  return page.locator('div').screenshot();
}

beforeAll(async () => {
  browser = await launchChromium();
  product = await startConsoleProduct(await errorScreenshot(await browser.newPage()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

describe.skipIf(missing('chromium', 'the agent console in Chromium'))('agent console in Chromium', () => {
  it('sign in, open the ticket, see transcript and evidence image, approve', async () => {
    const { server, storage, platform, ticketId, updates } = product;
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(`${server.url}/agent`);
    expect(page.url()).toContain('/agent/login');
    await page.fill('input[name=email]', AGENT.email);
    await page.fill('input[name=password]', AGENT.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/agent`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-queue.png'), fullPage: true });
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
    const clause = page.locator('[data-clause="RP-05"]');
    expect(await clause.count()).toBe(1);
    expect((await clause.textContent())?.length).toBeGreaterThan(40);
    expect(await clause.textContent()).not.toContain('知识库中暂无此条款全文');

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
