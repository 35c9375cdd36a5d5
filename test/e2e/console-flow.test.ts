/**
 * Over a real socket, with the real sandbox and its webhook: request more evidence, the buyer's new
 * upload is attached to the ticket (as the dialog does it) and the ticket returns to open, then reject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from '../unit/console/fixture.js';
import { AGENT, type ConsoleProduct, startConsoleProduct } from './console-setup.js';

let product: ConsoleProduct;
const jar = new Map<string, string>();
let csrf = '';

async function http(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
  const res = await fetch(`${product.server.url}${path}`, { ...init, headers, redirect: 'manual' });
  for (const line of res.headers.getSetCookie()) {
    const [name, ...value] = line.split(';')[0]!.split('=');
    if (value.join('=') === '' || /max-age=0/i.test(line)) jar.delete(name!);
    else jar.set(name!, value.join('='));
  }
  return res;
}

beforeAll(async () => {
  product = await startConsoleProduct(PNG);
  const login = await (await http('/agent/login')).text();
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(login)![1]!;
  const form = new URLSearchParams({ _csrf: loginCsrf, email: AGENT.email, password: AGENT.password });
  const signedIn = await http('/agent/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(signedIn.status).toBe(303);
  csrf = ((await (await http('/api/agent/me')).json()) as { csrfToken: string }).csrfToken;
}, 120_000);

afterAll(async () => product?.close());

const decide = (body: object, headers: Record<string, string> = {}) =>
  http(`/api/agent/tickets/${product.ticketId}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, ...headers },
    body: JSON.stringify(body),
  });

describe('agent console over HTTP with the sandbox platform', () => {
  it('request evidence → the buyer sends more → back to open → reject with clauses', async () => {
    const { platform, storage, ticketId, transcript, conversationId, updates } = product;

    expect((await decide({ decision: 'approve' }, { origin: 'https://evil.example' })).status).toBe(403);

    const asked = await decide({ decision: 'request_evidence', reason: '请提供激活失败时的完整截图' });
    expect(asked.status).toBe(200);
    expect((await platform.port.getTicket(ticketId))?.status).toBe('awaiting_evidence');
    expect((await storage.tickets.get(ticketId))?.status).toBe('awaiting_evidence');

    // What the dialog does when the buyer answers in their channel.
    const more = Buffer.concat([PNG, Buffer.from('second upload')]);
    const upload = await transcript.evidence.accept(conversationId, { name: 'again.png', bytes: more });
    if (!upload.ok) throw new Error(upload.message);
    const { sha256, mime, bytes } = upload.attachment;
    await platform.port.addEvidence(ticketId, { evidence: [{ kind: 'error_screenshot', sha256, mime, bytes }] });
    await expect.poll(async () => (await storage.tickets.get(ticketId))?.status).toBe('open');

    const page = await (await http(`/agent/tickets/${ticketId}`)).text();
    expect(page).toContain(`data-sha256="${sha256}"`);
    expect(page).toContain('data-integrity="ok"');
    expect((await http(`/agent/evidence/${sha256}`)).headers.get('content-type')).toBe('image/png');

    expect((await decide({ decision: 'reject', reason: 'no defect found' })).status).toBe(422);
    const rejected = await decide({
      decision: 'reject',
      reason: '供应商核实卡密已被使用',
      clauseIds: ['RP-09', 'RP-17'],
    });
    expect(rejected.status).toBe(200);
    expect((await platform.port.getTicket(ticketId))?.decision).toMatchObject({
      decision: 'reject',
      clauseIds: ['RP-09', 'RP-17'],
      agentId: AGENT.email,
    });
    await expect.poll(() => updates.map((t) => t.status)).toContain('rejected');
    expect(updates.map((t) => t.status)).toEqual(expect.arrayContaining(['awaiting_evidence', 'open', 'rejected']));
    expect((await decide({ decision: 'approve' })).status).toBe(409);

    const verify = await http(`/api/agent/transcripts/${ticketId}/verify`);
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true });
    jar.clear();
    expect((await http(`/api/agent/transcripts/${ticketId}/verify`)).status).toBe(401);
  });
});
