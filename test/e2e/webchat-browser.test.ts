/**
 * The demo card site in Debian Chromium (playwright-core): open the widget, type, click a
 * suggested action, upload a PNG, see the ticket number. The screenshot goes to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type Started, startProduct } from '../../app/start.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/core/log.js';
import { missing } from '../requirements.js';
import { launchChromium } from './chromium.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let product: Started;
let dataDir: string;
let browser: Browser;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-browser-'));
  const loaded = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  product = await startProduct(loaded.config, createLogger({ level: 'silent', production: true }));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function send(page: Page, text: string) {
  const box = page.locator('.webchat__send-box-text-box__input');
  await box.fill(text);
  await box.press('Enter');
}

describe.skipIf(missing('chromium', 'the /demo web chat in Chromium'))('/demo in Chromium', () => {
  it('type, click a suggested action, upload a PNG, see the ticket number', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
    mkdirSync('test-artifacts', { recursive: true });
    onTestFailed(async () => {
      await page.screenshot({ path: 'test-artifacts/webchat-demo-failed.png' });
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const requests: string[] = [];
    page.on('request', (req) => {
      requests.push(`${req.method()} ${req.url().slice(0, 100)}`);
    });
    page.on('requestfailed', (req) => requests.push(`FAILED ${req.url().slice(0, 80)} ${req.failure()?.errorText}`));
    page.on('console', (m) => requests.push(`console ${m.type()} ${m.text().slice(0, 300)}`));
    page.on('response', (res) => {
      if (res.url().includes('/v3/') && res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(`${product.server.url}/demo`);
    expect(await page.locator('header').textContent()).toContain('已登录');

    await page.locator('.rd-btn').click();
    const transcript = page.locator('.rd-panel');
    const bubble = (text: string | RegExp) => transcript.locator('.webchat__text-content', { hasText: text }).last();
    const action = (name: string) => transcript.getByRole('toolbar').getByRole('button', { name });
    await page.locator('.webchat__send-box-text-box__input').waitFor({ timeout: 20_000 });

    // The demo buyer's orders are listed on the page.
    expect(await page.locator('table').textContent()).toContain('KM20261118000104');
    await send(page, '你好，我买的卡密无效，充不进去，订单号 KM20261118000104');
    await bubble('请上传').waitFor();
    await page.locator('.rd-panel input[type="file"]').setInputFiles({
      name: 'error.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await transcript.locator('img[src*="/v3/directline/attachments/"]').first().waitFor();
    await action('确认提交').click();
    const ticket = bubble(/已提交工单 TK\d{6,}/);
    await ticket.waitFor().catch((err: unknown) => {
      throw new Error(`${String(err)}\n${errors.join('\n')}\n${requests.slice(-15).join('\n')}`);
    });
    const ticketId = /TK\d{6,}/.exec((await ticket.textContent()) ?? '')?.[0];
    expect(await product.runtime.platform.getTicket(String(ticketId))).toMatchObject({ buyerId: 'demo-buyer' });
    // The button press shows its title, not its payload.
    expect(await transcript.getByText('/confirm', { exact: true }).count()).toBe(0);
    // Nothing the buyer sent failed (Web Chat marks unechoed messages 发送失败).
    expect(await transcript.getByText(/发送失败|Send failed/).count()).toBe(0);

    await page.screenshot({ path: 'test-artifacts/webchat-demo.png' });
    expect(errors).toEqual([]);
  }, 120_000);
});
