/**
 * Transcript routes for agents: verify, view, export as JSON or one HTML file, and attachment bytes.
 * Every route asks `authorize` first; without one configured, everything is denied. Views are masked;
 * the unmasked text is only ever sent for a POST (`…/reveal`, `POST …/export`), which the console's
 * hook accepts only with the session's CSRF token, so another site cannot make a browser fetch it.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Logger } from '../../core/log.js';
import type { AttachmentStore } from '../../ports/attachment-store.js';
import type { ResolvedTranscript, TranscriptService } from '../../transcript/service.js';
import type { HttpModule } from '../app.js';
import { describeIssues } from '../body.js';
import { ApiError } from '../errors.js';

/** `read`: see redacted transcripts and attachments; `reveal`: see them unmasked. */
export type TranscriptAccess = 'read' | 'reveal';
export type AuthorizeTranscripts = (
  c: Context,
  access: TranscriptAccess,
) => Promise<{ agentId: string } | null> | { agentId: string } | null;

export const denyAll: AuthorizeTranscripts = () => null;

export interface TranscriptRoutesOptions {
  service: TranscriptService;
  readAttachment: (sha256: string) => Promise<Uint8Array | null>;
  attachments: AttachmentStore;
  authorize?: AuthorizeTranscripts;
  log?: Logger;
}

const ExportQuery = z.object({ format: z.enum(['json', 'html']).default('html') });
const Sha = z.string().regex(/^[0-9a-f]{64}$/);

const HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

function parseQuery<S extends z.ZodTypeAny>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError(400, 'invalid_query', describeIssues(parsed.error).join('; '));
  return parsed.data;
}

/** A safe file-name stem from an id: letters, digits, dot, dash, underscore. */
const fileStem = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'transcript';

export function transcriptRoutes(options: TranscriptRoutesOptions): HttpModule {
  const authorize = options.authorize ?? denyAll;
  const { service } = options;

  async function allow(c: Context, access: TranscriptAccess): Promise<string> {
    const who = await authorize(c, access);
    if (!who)
      throw new ApiError(access === 'reveal' ? 403 : 401, 'unauthorized', `not allowed to ${access} transcripts`);
    return who.agentId;
  }

  async function open(c: Context, reveal: boolean): Promise<ResolvedTranscript> {
    if (c.req.query('reveal') !== undefined) {
      throw new ApiError(405, 'reveal_needs_post', 'reveal with POST …/reveal (or POST …/export) and X-CSRF-Token');
    }
    const agentId = await allow(c, reveal ? 'reveal' : 'read');
    const resolved = await service.resolve(c.req.param('id') ?? '');
    if (!resolved) throw new ApiError(404, 'not_found', 'no transcript for this conversation or ticket');
    if (reveal) options.log?.info({ agentId, conversationId: resolved.conversationId }, 'transcript revealed');
    return resolved;
  }

  const exportTranscript = async (c: Context, reveal: boolean) => {
    const { format } = parseQuery(c, ExportQuery);
    const resolved = await open(c, reveal);
    const stem = fileStem(resolved.conversationId);
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    if (format === 'json') {
      c.header('content-disposition', `attachment; filename="transcript-${stem}.json"`);
      c.header('content-type', 'application/json; charset=utf-8');
      return c.body(await service.exportJson(resolved, { reveal }));
    }
    c.header('content-disposition', `attachment; filename="transcript-${stem}.html"`);
    c.header('content-security-policy', HTML_CSP);
    return c.html(await service.exportHtml(resolved, { reveal }));
  };

  const view = async (c: Context, reveal: boolean) => {
    const resolved = await open(c, reveal);
    c.header('cache-control', 'no-store');
    return c.json(await service.view(resolved, { reveal }));
  };

  return {
    name: 'transcripts',
    mount(app: Hono) {
      app.get('/api/agent/transcripts/:id/verify', async (c) => {
        await allow(c, 'read');
        const resolved = await service.resolve(c.req.param('id'));
        if (!resolved) throw new ApiError(404, 'not_found', 'no transcript for this conversation or ticket');
        return c.json(await service.verify(resolved));
      });

      app.get('/api/agent/transcripts/:id/export', (c) => exportTranscript(c, false));
      app.post('/api/agent/transcripts/:id/export', (c) => exportTranscript(c, true));
      app.get('/api/agent/transcripts/:id', (c) => view(c, false));
      app.post('/api/agent/transcripts/:id/reveal', (c) => view(c, true));

      app.get('/api/agent/attachments/:sha256', async (c) => {
        await allow(c, 'read');
        const sha = Sha.safeParse(c.req.param('sha256'));
        if (!sha.success) throw new ApiError(400, 'invalid_hash', 'expected a lower-case hex SHA-256');
        const [meta, bytes] = await Promise.all([options.attachments.get(sha.data), options.readAttachment(sha.data)]);
        if (!meta || !bytes) throw new ApiError(404, 'not_found', 'no such attachment (or removed after retention)');
        c.header('content-type', meta.mime);
        c.header('x-content-type-options', 'nosniff');
        c.header('content-security-policy', "default-src 'none'; sandbox");
        c.header('cache-control', 'private, max-age=3600, immutable');
        if (meta.mime === 'application/pdf') c.header('content-disposition', `attachment; filename="${sha.data}.pdf"`);
        return c.body(Buffer.from(bytes));
      });
    },
  };
}
