import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/log.js';
import type { AttachmentMeta } from '../../../src/ports/attachment-store.js';
import { createApp } from '../../../src/server/app.js';
import { createMetrics } from '../../../src/server/metrics.js';
import { type AuthorizeTranscripts, transcriptRoutes } from '../../../src/server/routes/transcripts.js';
import { sha256Hex } from '../../../src/transcript/canonical.js';
import { MemoryTranscriptStore } from '../../../src/transcript/memory-store.js';
import { ChainRecorder } from '../../../src/transcript/recorder.js';
import { TranscriptService } from '../../../src/transcript/service.js';
import { PNG_1x1, say } from './fixtures.js';

const C = 'rest:b1';
const sha = sha256Hex(PNG_1x1);

async function appWith(authorize?: AuthorizeTranscripts) {
  const store = new MemoryTranscriptStore();
  const recorder = new ChainRecorder({ store });
  await recorder.record(C, say('卡密 ABCD-EFGH-1234-5678 <img src=x onerror=alert(1)>'));
  await recorder.record(C, {
    ...say(''),
    type: 'attachment',
    payload: {},
    attachments: [{ sha256: sha, mime: 'image/png', bytes: PNG_1x1.byteLength, name: 'a.png' }],
  });
  const readAttachment = async (s: string) => (s === sha ? new Uint8Array(PNG_1x1) : null);
  const meta: AttachmentMeta = {
    sha256: sha,
    mime: 'image/png',
    bytes: 1,
    name: 'a.png',
    conversationId: C,
    createdAt: '',
  };
  const module = transcriptRoutes({
    service: new TranscriptService({ store, readAttachment }),
    readAttachment,
    attachments: {
      put: async () => {},
      get: async (s) => (s === sha ? meta : null),
      listByConversation: async () => [],
    },
    ...(authorize ? { authorize } : {}),
  });
  const log = createLogger({ level: 'silent', production: true });
  return createApp({ log, metrics: createMetrics({ defaultMetrics: false }), modules: [module], version: 't' });
}

const agent: AuthorizeTranscripts = (c, access) =>
  c.req.header('x-test-agent') === 'a1' && (access === 'read' || c.req.header('x-test-reveal') === 'yes')
    ? { agentId: 'a1' }
    : null;
const asAgent = { headers: { 'x-test-agent': 'a1' } };

describe('transcript routes', () => {
  it('deny everything when no authorize hook is configured', async () => {
    const app = await appWith();
    for (const path of [
      `/api/agent/transcripts/${C}/verify`,
      `/api/agent/transcripts/${C}`,
      `/api/agent/transcripts/${C}/export`,
      `/api/agent/attachments/${sha}`,
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
    }
  });

  it('verify returns the report', async () => {
    const res = await (await appWith(agent)).request(`/api/agent/transcripts/${C}/verify`, asAgent);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, entries: 2, conversationId: C });
  });

  it('view is redacted; reveal needs a POST and the reveal permission, never a GET', async () => {
    const app = await appWith(agent);
    const view = (await (await app.request(`/api/agent/transcripts/${C}`, asAgent)).json()) as {
      entries: Array<{ payload: { text: string } }>;
    };
    expect(view.entries[0]!.payload.text).toContain('卡密 ••••••');
    const revealer = { headers: { 'x-test-agent': 'a1', 'x-test-reveal': 'yes' } };
    for (const path of [
      `/api/agent/transcripts/${C}?reveal=1`,
      `/api/agent/transcripts/${C}/export?format=json&reveal=1`,
    ]) {
      const res = await app.request(path, revealer);
      expect(res.status, path).toBe(405);
      expect(await res.text()).not.toContain('ABCD-EFGH-1234-5678');
    }
    expect((await app.request(`/api/agent/transcripts/${C}/reveal`, { ...asAgent, method: 'POST' })).status).toBe(403);
    const revealed = await app.request(`/api/agent/transcripts/${C}/reveal`, { ...revealer, method: 'POST' });
    expect(JSON.stringify(await revealed.json())).toContain('ABCD-EFGH-1234-5678');
    const exported = await app.request(`/api/agent/transcripts/${C}/export?format=json`, {
      ...revealer,
      method: 'POST',
    });
    expect(await exported.text()).toContain('ABCD-EFGH-1234-5678');
  });

  it('exports HTML as a download with a strict CSP, and JSON', async () => {
    const app = await appWith(agent);
    const html = await app.request(`/api/agent/transcripts/${C}/export?format=html`, asAgent);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.headers.get('content-disposition')).toBe('attachment; filename="transcript-rest_b1.html"');
    const body = await html.text();
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('data:image/png;base64,');
    const json = await app.request(`/api/agent/transcripts/${C}/export?format=json`, asAgent);
    expect(((await json.json()) as { format: string }).format).toBe('refund-desk.transcript/v1');
    expect((await app.request(`/api/agent/transcripts/${C}/export?format=exe`, asAgent)).status).toBe(400);
  });

  it('serves attachment bytes with their sniffed type, 404 for unknown, 400 for a bad hash', async () => {
    const app = await appWith(agent);
    const res = await app.request(`/api/agent/attachments/${sha}`, asAgent);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG_1x1);
    expect((await app.request(`/api/agent/attachments/${'0'.repeat(64)}`, asAgent)).status).toBe(404);
    expect((await app.request('/api/agent/attachments/..%2F..%2Fetc%2Fpasswd', asAgent)).status).toBe(400);
  });

  it('404 for an unknown transcript', async () => {
    expect((await (await appWith(agent)).request('/api/agent/transcripts/nobody', asAgent)).status).toBe(404);
  });
});
