/** Renders receipt samples to screenshots in Debian Chromium (playwright-core; no browser download). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { receiptHtml } from './layouts.js';
import type { ReceiptSample } from './sample.js';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** A closed network: without the background-networking flags Chromium keeps dialling out. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

export interface RenderedReceipt extends ReceiptSample {
  file: string;
}

export function fileName(sample: ReceiptSample): string {
  const s = sample.style;
  return `${sample.id}-${s.theme}-${s.lang}-${s.width}x${s.dpr}${s.format === 'jpeg' ? `-q${s.quality}.jpg` : '.png'}`;
}

/**
 * Writes one image per sample and `truth.json` (the samples with their file names) into `dir`.
 * `shrink` < 1 renders at a fraction of each sample's pixel ratio: smaller, blurrier text, as in a
 * screenshot forwarded through a chat app.
 */
export async function renderReceipts(samples: ReceiptSample[], dir: string, shrink = 1): Promise<RenderedReceipt[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  const rendered: RenderedReceipt[] = [];
  try {
    for (const sample of samples) {
      const page = await browser.newPage({
        viewport: { width: sample.style.width, height: 640 },
        deviceScaleFactor: sample.style.dpr * shrink,
      });
      await page.setContent(receiptHtml(sample), { waitUntil: 'load' });
      const file = fileName(sample);
      await page.screenshot({
        path: join(dir, file),
        fullPage: true,
        type: sample.style.format,
        ...(sample.style.format === 'jpeg' ? { quality: sample.style.quality } : {}),
      });
      await page.close();
      rendered.push({ ...sample, file });
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(rendered, null, 2)}\n`);
  return rendered;
}
