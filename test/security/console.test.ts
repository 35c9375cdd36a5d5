/**
 * The agent console. Ten wrong passwords used to lock any agent out for 15 minutes (anyone could),
 * the 403 told that the account existed, the sign-in limit was keyed on the socket address (behind a
 * proxy all agents shared it), the transcript routes lacked the console's security headers, and
 * `GET …?reveal=1` unmasked card codes without a CSRF check.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../adapters/storage-sqlite/index.js';
import { agentAuth } from '../../app/console.js';
import { LOGIN_BACKOFF } from '../../src/console/rate-limit.js';
import { type Product, say, start } from './harness.js';

const PASSWORD = 'a long agent password';
const CARD_CODE = 'ABCD-EFGH-1234-5678';

/** A browser with a cookie jar, coming from `client` through the trusted proxy in front of refund-desk. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly client: string,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.client);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      if (/max-age=0/i.test(line) || value.join('=') === '') this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    return res;
  }

  async signIn(email: string, password = PASSWORD): Promise<Response> {
    const html = await (await this.request('/agent/login')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return this.request('/agent/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    });
  }

  async csrf(): Promise<string> {
    return ((await (await this.request('/api/agent/me')).json()) as { csrfToken: string }).csrfToken;
  }
}

let product: Product;
let storage: SqliteStorage;

beforeAll(async () => {
  product = await start({ LOG_LEVEL: 'silent', TRUSTED_PROXIES: 'loopback' });
  storage = await openSqliteStorage({ file: join(product.dataDir, 'refund-desk.sqlite') });
  const added = await agentAuth(storage.db).auth.addAgent(
    { email: 'agent@example.com', role: 'agent', password: PASSWORD },
    null,
  );
  if (!added.ok) throw new Error(added.message);
  await say(product.base, 'demo-buyer', `我的卡密是 ${CARD_CODE}，用不了`);
}, 120_000);
afterAll(async () => {
  await storage?.close();
  await product?.stop();
});

describe('console sign-in', () => {
  it('someone guessing from one client does not lock the agent out of another', async () => {
    const attacker = new Browser(product.base, '203.0.113.66');
    for (let i = 0; i < 10; i++) await attacker.signIn('agent@example.com', `guess ${i}`);
    expect((await attacker.signIn('agent@example.com')).status).toBe(429);
    const agent = new Browser(product.base, '198.51.100.7');
    expect((await agent.signIn('agent@example.com')).status).toBe(303);
  });

  it('answers an unknown e-mail exactly like a known one, before and after backing off', async () => {
    const known = new Browser(product.base, '203.0.113.10');
    const unknown = new Browser(product.base, '203.0.113.11');
    const strip = (html: string, email: string) => html.replace(/value="[^"]*"/g, '').replace(email, 'EMAIL');
    for (let i = 0; i <= LOGIN_BACKOFF.free; i++) {
      const a = await known.signIn('agent@example.com', 'wrong password');
      const b = await unknown.signIn('nobody@example.com', 'wrong password');
      expect(b.status).toBe(a.status);
      expect(strip(await b.text(), 'nobody@example.com')).toBe(strip(await a.text(), 'agent@example.com'));
    }
  });
});

describe('transcripts for agents', () => {
  let agent: Browser;
  beforeAll(async () => {
    agent = new Browser(product.base, '198.51.100.8');
    expect((await agent.signIn('agent@example.com')).status).toBe(303);
  });

  it('carry the console security headers on every route', async () => {
    for (const path of ['/api/agent/transcripts/rest:demo-buyer', '/api/agent/transcripts/rest:demo-buyer/verify']) {
      const res = await agent.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('unmask card codes only for a POST with the CSRF token', async () => {
    const masked = await (await agent.request('/api/agent/transcripts/rest:demo-buyer')).text();
    expect(masked).not.toContain(CARD_CODE);
    const byLink = await agent.request('/api/agent/transcripts/rest:demo-buyer?reveal=1');
    expect(byLink.status).toBe(405);
    expect(await byLink.text()).not.toContain(CARD_CODE);
    const exported = await agent.request('/api/agent/transcripts/rest:demo-buyer/export?format=json&reveal=1');
    expect(await exported.text()).not.toContain(CARD_CODE);
    const noToken = await agent.request('/api/agent/transcripts/rest:demo-buyer/reveal', { method: 'POST' });
    expect(noToken.status).toBe(403);
    const crossSite = await agent.request('/api/agent/transcripts/rest:demo-buyer/reveal', {
      method: 'POST',
      headers: { 'x-csrf-token': await agent.csrf(), 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const revealed = await agent.request('/api/agent/transcripts/rest:demo-buyer/reveal', {
      method: 'POST',
      headers: { 'x-csrf-token': await agent.csrf() },
    });
    expect(revealed.status).toBe(200);
    expect(await revealed.text()).toContain(CARD_CODE);
    const audit = await agentAuth(storage.db).agents.listAudit({ action: 'reveal' });
    expect(audit.length).toBeGreaterThan(0);
  });
});
