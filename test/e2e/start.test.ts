/** `refund-desk start` as a real process: answers on its socket, serves the sandbox, shuts down gracefully. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../bin/refund-desk.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'refund-desk-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the product on a free port and resolves with its URL once it logs that it listens. */
function start(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "listening" line within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; url?: string };
      if (record.msg === 'refund-desk listening' && record.url) {
        clearTimeout(timer);
        resolve({ child, url: record.url, exited });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

const auth = { authorization: 'Bearer sandbox', 'content-type': 'application/json' };

describe('refund-desk start', () => {
  it('serves /healthz and the sandbox, and finishes in-flight requests on SIGTERM', async () => {
    const { child, url, exited } = await start();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const created = await fetch(`${url}/platform/v1/sandbox/orders`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ buyerId: 'buyer-start', contact: 'start@example.com' }),
    });
    expect(created.status).toBe(201);
    const { orderNo } = (await created.json()) as { orderNo: string };
    expect(orderNo).toMatch(/^KM\d{14}$/);

    const faults = await fetch(`${url}/platform/v1/sandbox/faults`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ mode: 'slow', ms: 10_000, delayMs: 1_500 }),
    });
    expect(faults.status).toBeLessThan(300);

    const inFlight = fetch(`${url}/platform/v1/orders/${orderNo}`, { headers: auth });
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { orderNo: string }).orderNo).toBe(orderNo);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
