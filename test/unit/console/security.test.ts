/** Issue 9's security tests: buyer HTML stays text, CSRF, roles, 401 without a session, lockout. */

import { beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_BACKOFF } from '../../../src/console/rate-limit.js';
import { Browser, CARD_CODE, type Fixture, makeFixture, XSS_IMG, XSS_SCRIPT } from './fixture.js';

let f: Fixture;
let agent: Browser;

beforeEach(async () => {
  f = await makeFixture();
  await f.addAgent('agent@example.com', 'agent');
  await f.addAgent('admin@example.com', 'admin');
  agent = new Browser(f.app);
  expect((await agent.signIn('agent@example.com')).status).toBe(303);
});

/** No raw buyer markup, and no script or event-handler attribute once quoted attribute values are set aside. */
function expectNoActiveMarkup(html: string) {
  expect(html).not.toContain(XSS_SCRIPT);
  expect(html).not.toContain(XSS_IMG);
  const markup = html.replace(/"[^"]*"/g, '""');
  expect(markup).not.toMatch(/<script/i);
  expect(markup).not.toMatch(/<[^>]+\son\w+\s*=/i);
}

describe('buyer text is shown as text', () => {
  it('on the ticket page (transcript, assessment reasons, claims, evidence captions)', async () => {
    const html = await (await agent.request('/agent/tickets/TK-1')).text();
    expectNoActiveMarkup(html);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('after revealing card codes too', async () => {
    const res = await agent.form('/agent/tickets/TK-1/reveal', { _csrf: await agent.csrf() });
    const html = await res.text();
    expect(html).toContain(CARD_CODE);
    expectNoActiveMarkup(html);
  });

  it('in the queue, the overview and notes', async () => {
    await f.deps.tickets.upsert({ ...f.ticket, ticketId: `TK-<script>x</script>`, orderNo: `KM${XSS_IMG}` });
    expectNoActiveMarkup(await (await agent.request('/agent')).text());
    expectNoActiveMarkup(await (await agent.request('/agent/overview')).text());
    const csrf = await agent.csrf();
    await agent.form('/agent/tickets/TK-1/notes', { _csrf: csrf, text: XSS_SCRIPT });
    expectNoActiveMarkup(await (await agent.request('/agent/tickets/TK-1')).text());
  });

  it('pages forbid scripts by Content-Security-Policy', async () => {
    const res = await agent.request('/agent/tickets/TK-1');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/);
  });
});

describe('CSRF', () => {
  it('refuses a cross-site form post without the token and decides nothing', async () => {
    const res = await agent.form(
      '/agent/tickets/TK-1/decision',
      { decision: 'approve' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    expect(f.decisions).toEqual([]);
  });

  it('refuses a same-site post with a wrong token, and a cross-site post even with the right one', async () => {
    expect((await agent.form('/agent/tickets/TK-1/decision', { decision: 'approve', _csrf: 'guess' })).status).toBe(
      403,
    );
    const csrf = await agent.csrf();
    const cross = await agent.form(
      '/agent/tickets/TK-1/decision',
      { decision: 'approve', _csrf: csrf },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
    expect(f.decisions).toEqual([]);
    expect((await agent.form('/agent/tickets/TK-1/decision', { decision: 'approve', _csrf: csrf })).status).toBe(303);
    expect(f.decisions).toHaveLength(1);
  });

  it('JSON API posts need the X-CSRF-Token header', async () => {
    const post = (headers: Record<string, string>) =>
      agent.request('/api/agent/tickets/TK-1/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ text: 'hi' }),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': await agent.csrf() })).status).toBe(201);
  });

  it('the sign-in form needs its token too', async () => {
    const b = new Browser(f.app);
    const res = await b.form('/agent/login', { email: 'agent@example.com', password: 'correct horse battery' });
    expect(res.status).toBe(403);
    expect(b.cookies.has('rd_session')).toBe(false);
  });
});

describe('roles and sessions', () => {
  it('an agent cannot reach admin pages or add agents; an admin can', async () => {
    expect((await agent.request('/agent/admin/agents')).status).toBe(403);
    const csrf = await agent.csrf();
    expect(
      (
        await agent.form('/agent/admin/agents', {
          _csrf: csrf,
          email: 'x@example.com',
          role: 'admin',
          password: 'long enough pw',
        })
      ).status,
    ).toBe(403);
    expect(await f.deps.agents.findByEmail('x@example.com')).toBeNull();

    const admin = new Browser(f.app);
    await admin.signIn('admin@example.com');
    expect((await admin.request('/agent/admin/agents')).status).toBe(200);
    const add = await admin.form('/agent/admin/agents', {
      _csrf: await admin.csrf(),
      email: 'x@example.com',
      role: 'agent',
      password: 'long enough pw',
    });
    expect(add.status).toBe(200);
    expect(await f.deps.agents.findByEmail('x@example.com')).toMatchObject({ role: 'agent' });
  });

  it("an admin disabling an agent ends the agent's session", async () => {
    const admin = new Browser(f.app);
    await admin.signIn('admin@example.com');
    const target = (await f.deps.agents.findByEmail('agent@example.com'))!;
    expect((await admin.form(`/agent/admin/agents/${target.id}/disable`, { _csrf: await admin.csrf() })).status).toBe(
      303,
    );
    expect((await agent.request('/api/agent/me')).status).toBe(401);
  });

  it('API calls without a session get 401, pages redirect to sign-in', async () => {
    const anon = new Browser(f.app);
    for (const path of ['/api/agent/me', '/api/agent/tickets', '/api/agent/tickets/TK-1', '/api/agent/overview']) {
      const res = await anon.request(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const post = await anon.request('/api/agent/tickets/TK-1/decision', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"decision":"approve"}',
    });
    expect(post.status).toBe(401);
    const page = await anon.request('/agent/tickets/TK-1');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/agent/login');
    expect((await anon.request(`/agent/evidence/${'b'.repeat(64)}`)).status).toBe(303);
  });

  it('the session cookie is httpOnly and SameSite=Strict; sign-out ends it', async () => {
    const b = new Browser(f.app);
    const res = await b.signIn('agent@example.com');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rd_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = b.cookies.get('rd_session');
    expect((await b.form('/agent/logout', { _csrf: await b.csrf() })).status).toBe(303);
    const replay = await f.app.request('http://console.test/api/agent/me', {
      headers: { cookie: `rd_session=${token}` },
    });
    expect(replay.status).toBe(401);
  });
});

describe('sign-in back-off', () => {
  it('five wrong passwords make this e-mail wait here (429, Retry-After), saying nothing about the account', async () => {
    const b = new Browser(f.app);
    for (let i = 0; i < LOGIN_BACKOFF.free; i++) {
      const res = await b.signIn('agent@example.com', `wrong password ${i}`);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('邮箱或密码错误');
    }
    const right = await b.signIn('agent@example.com');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('30');
    const lockedPage = await right.text();
    expect(b.cookies.has('rd_session')).toBe(false);

    const c = new Browser(f.app);
    for (let i = 0; i < LOGIN_BACKOFF.free; i++) {
      expect((await c.signIn('nobody@example.com', `wrong password ${i}`)).status).toBe(401);
    }
    const unknown = await c.signIn('nobody@example.com', 'wrong password');
    expect(unknown.status).toBe(429);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(await unknown.text())).toBe(strip(lockedPage).replace('agent@example.com', 'nobody@example.com'));
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 once a client address has made too many attempts', async () => {
    const b = new Browser(f.app);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await b.signIn(`nobody${i}@example.com`, 'whatever it is')).status;
    expect(last).toBe(429);
    expect((await b.signIn('agent@example.com')).status).toBe(429);
  });
});
