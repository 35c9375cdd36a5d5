/**
 * A Direct Line 3.0-compatible endpoint (SPEC §9) at /v3/directline, for the official Web Chat
 * widget and any Direct Line client. Errors use Direct Line's shape `{error:{code,message}}`.
 * Authorisation: the site secret (server to server) or a token bound to one buyer and one
 * conversation; a token never opens another conversation.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createNodeWebSocket } from '@hono/node-ws';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Logger } from '../../src/core/log.js';
import type { HttpModule } from '../../src/server/app.js';
import { readLimited } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import { type Activity, absoluteClauseLinks, PostedActivity } from './activity.js';
import type { AttachmentUrls } from './attachments.js';
import { type LiveFeed, RateLimiter } from './live.js';
import { corsMiddleware, type OriginPolicy, requestOrigin, selfOrigins } from './origins.js';
import type { DirectLineService, UploadedFile } from './service.js';
import type { ActivityStore, DirectLineConversation } from './store.js';
import { ActivityStream } from './stream.js';
import { isSecret, type TokenClaims, type TokenSigner } from './token.js';
import { readUpload } from './upload.js';

export const DIRECTLINE_BASE = '/v3/directline';
const JSON_LIMIT = 256 * 1024;
const PAGE = 100;

export interface DirectLineModuleOptions {
  service: DirectLineService;
  live: LiveFeed;
  signer: TokenSigner;
  /** Signs the links to files shown in the chat. */
  attachments: AttachmentUrls;
  /** Card-site pages allowed to use the endpoint from a browser (CORS and the WebSocket's Origin). */
  origins: OriginPolicy;
  /** The card site's secret; without it tokens/generate answers 503. */
  secret: string | undefined;
  /** Absolute base URL clients reach us at (PUBLIC_URL); otherwise taken from each request. */
  publicUrl?: string | undefined;
  maxUploadBytes: number;
  /** Per conversation token: `burst` messages at once, then `perSecond` (default 20, 10/s). */
  rateLimit?: { burst: number; perSecond: number; now?: () => number };
  log: Logger;
}

export interface DirectLineModule extends HttpModule {
  /** Hooks the WebSocket stream into the listening server; returns the detach (closes open streams). */
  attach(server: Server): () => void;
}

type Caller = { kind: 'secret' } | { kind: 'token'; token: string; claims: TokenClaims };

const UserRef = z.object({ id: z.string().trim().min(1).max(128), name: z.string().max(256).optional() });
const GenerateBody = z.object({ user: UserRef });
const StartBody = z.object({ user: UserRef.partial().optional(), locale: z.string().max(35).optional() });

const newConversationId = () => randomBytes(16).toString('base64url');

/**
 * What tokens/generate answers for a buyer: a token bound to the buyer's latest conversation, so a
 * chat closed earlier resumes (with the decisions pushed meanwhile), or to a new one.
 */
export async function issueBuyerToken(
  store: ActivityStore,
  signer: TokenSigner,
  buyerId: string,
): Promise<{ conversationId: string; token: string; expires_in: number }> {
  return issueConversationToken(signer, buyerId, (await store.latestConversation(buyerId))?.id);
}

/** A token for the buyer and that conversation, or a new conversation when none is given. */
export function issueConversationToken(
  signer: TokenSigner,
  buyerId: string,
  conversationId: string = newConversationId(),
): { conversationId: string; token: string; expires_in: number } {
  const issued = signer.issue({ user: buyerId, conv: conversationId });
  return { conversationId, token: issued.token, expires_in: issued.expiresIn };
}

export function directLineModule(options: DirectLineModuleOptions): DirectLineModule {
  const { service, live, signer, attachments, log } = options;
  const store = service.store;
  const limiter = new RateLimiter(
    options.rateLimit?.burst ?? 20,
    options.rateLimit?.perSecond ?? 10,
    options.rateLimit?.now,
  );
  let wsServer: ReturnType<typeof createNodeWebSocket> | undefined;

  const baseUrl = (c: Context) => requestOrigin(c, options.publicUrl);
  const present = (base: string) => (activity: Activity) =>
    absoluteClauseLinks(attachments.present(activity, base), base);
  const streamUrl = (c: Context, conversationId: string, token: string, watermark?: string) => {
    const ws = baseUrl(c).replace(/^http/, 'ws');
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
    return `${ws}${DIRECTLINE_BASE}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
  };

  const authenticate = (bearer: string | undefined): Caller => {
    if (!bearer) throw new ApiError(401, 'Unauthorized', 'missing Authorization: Bearer token or secret');
    if (options.secret && isSecret(bearer, options.secret)) return { kind: 'secret' };
    const check = signer.verify(bearer);
    if (check.ok) return { kind: 'token', token: bearer, claims: check.claims };
    if (check.reason === 'expired') throw new ApiError(403, 'TokenExpired', 'the token has expired; get a new one');
    throw new ApiError(401, 'Unauthorized', 'the token is not valid');
  };
  const callerOf = (c: Context): Caller => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return authenticate(match?.[1]);
  };

  /** The conversation the caller may use; a token only reaches the conversation it is bound to. */
  const conversationFor = async (caller: Caller, id: string): Promise<DirectLineConversation> => {
    if (caller.kind === 'token' && caller.claims.conv !== id) {
      throw new ApiError(403, 'Forbidden', 'this token is not valid for that conversation');
    }
    const conversation = await store.getConversation(id);
    if (!conversation) throw new ApiError(404, 'NotFound', 'conversation not found');
    if (caller.kind === 'token' && conversation.buyerId !== caller.claims.user) {
      throw new ApiError(403, 'Forbidden', 'this token is not valid for that conversation');
    }
    return conversation;
  };

  const parseJson = async <S extends z.ZodTypeAny>(c: Context, schema: S, optional = false): Promise<z.infer<S>> => {
    const bytes = await readLimited(c.req.raw, JSON_LIMIT).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 413) throw new ApiError(413, 'BadArgument', err.message);
      throw err;
    });
    const text = new TextDecoder().decode(bytes).trim();
    if (text === '' && optional) return schema.parse({});
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'BadSyntax', 'the body is not valid JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      throw new ApiError(400, 'BadArgument', issues.join('; ').slice(0, 1000));
    }
    return parsed.data;
  };

  const limit = (c: Context, conversationId: string): Response | undefined => {
    const waitMs = limiter.take(conversationId);
    if (waitMs === 0) return undefined;
    c.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
    return c.json(new ApiError(429, 'TooManyRequests', 'too many messages; slow down').toJSON(), 429);
  };

  const conversationResponse = (c: Context, conversationId: string, token: string, expiresIn: number) => ({
    conversationId,
    token,
    expires_in: expiresIn,
    streamUrl: streamUrl(c, conversationId, token, c.req.query('watermark') || undefined),
  });
  const remaining = (claims: TokenClaims) => Math.max(0, claims.exp - Math.floor(Date.now() / 1000));

  const receive = async (
    c: Context,
    conversation: DirectLineConversation,
    posted: PostedActivity,
    files: UploadedFile[],
  ) => {
    const echo = await service.receive(conversation, posted, files);
    return c.json({ id: echo.id });
  };

  return {
    name: 'webchat-directline',
    mount(app: Hono) {
      wsServer = createNodeWebSocket({ app });
      const { upgradeWebSocket } = wsServer;
      app.use(`${DIRECTLINE_BASE}/*`, corsMiddleware(options.origins, options.publicUrl));

      app.post(`${DIRECTLINE_BASE}/tokens/generate`, async (c) => {
        if (!options.secret) throw new ApiError(503, 'ServiceUnavailable', 'DIRECTLINE_SECRET is not configured');
        const header = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (!header || !isSecret(header, options.secret)) {
          throw new ApiError(401, 'Unauthorized', 'tokens/generate needs the site secret as Bearer');
        }
        const body = await parseJson(c, GenerateBody);
        return c.json(await issueBuyerToken(store, signer, body.user.id));
      });

      app.post(`${DIRECTLINE_BASE}/tokens/refresh`, (c) => {
        const caller = callerOf(c);
        if (caller.kind !== 'token') throw new ApiError(400, 'BadArgument', 'refresh needs a token, not the secret');
        const issued = signer.issue({ user: caller.claims.user, conv: caller.claims.conv });
        return c.json({ conversationId: caller.claims.conv, token: issued.token, expires_in: issued.expiresIn });
      });

      app.post(`${DIRECTLINE_BASE}/conversations`, async (c) => {
        const caller = callerOf(c);
        const body = await parseJson(c, StartBody, true);
        if (caller.kind === 'secret') {
          const buyerId = body.user?.id;
          if (!buyerId) throw new ApiError(400, 'BadArgument', 'user.id (the buyer id) is required with the secret');
          const conversation = await store.openConversation({
            id: newConversationId(),
            buyerId,
            locale: body.locale ?? null,
          });
          service.start(conversation);
          const issued = signer.issue({ user: buyerId, conv: conversation.id });
          return c.json(conversationResponse(c, conversation.id, issued.token, issued.expiresIn), 201);
        }
        const { claims } = caller;
        const existing = await store.getConversation(claims.conv);
        if (existing && existing.buyerId !== claims.user) throw new ApiError(403, 'Forbidden', 'not your conversation');
        const conversation =
          existing ??
          (await store.openConversation({ id: claims.conv, buyerId: claims.user, locale: body.locale ?? null }));
        if (!existing) service.start(conversation);
        return c.json(conversationResponse(c, conversation.id, caller.token, remaining(claims)), existing ? 200 : 201);
      });

      app.get(`${DIRECTLINE_BASE}/conversations/:id`, async (c) => {
        const caller = callerOf(c);
        const conversation = await conversationFor(caller, c.req.param('id'));
        if (caller.kind === 'token') {
          return c.json(conversationResponse(c, conversation.id, caller.token, remaining(caller.claims)));
        }
        const issued = signer.issue({ user: conversation.buyerId, conv: conversation.id });
        return c.json(conversationResponse(c, conversation.id, issued.token, issued.expiresIn));
      });

      app.get(`${DIRECTLINE_BASE}/conversations/:id/activities`, async (c) => {
        const conversation = await conversationFor(callerOf(c), c.req.param('id'));
        const watermark = parseWatermark(c.req.query('watermark'));
        const page = await store.list(conversation.id, watermark, PAGE);
        return c.json({ ...page, activities: page.activities.map(present(baseUrl(c))) });
      });

      app.post(`${DIRECTLINE_BASE}/conversations/:id/activities`, async (c) => {
        const conversation = await conversationFor(callerOf(c), c.req.param('id'));
        const limited = limit(c, conversation.id);
        if (limited) return limited;
        const posted = await parseJson(c, PostedActivity);
        if (posted.attachments?.some((a) => a.contentUrl)) {
          throw new ApiError(400, 'BadArgument', 'files are sent through /upload, not as URLs');
        }
        if (posted.type !== 'message') return c.json({ id: `${conversation.id}|${posted.type}` });
        return receive(c, conversation, posted, []);
      });

      app.post(`${DIRECTLINE_BASE}/conversations/:id/upload`, async (c) => {
        const conversation = await conversationFor(callerOf(c), c.req.param('id'));
        const limited = limit(c, conversation.id);
        if (limited) return limited;
        const { posted, files } = await readUpload(c, options.maxUploadBytes);
        return receive(c, conversation, posted, files);
      });

      app.get(
        `${DIRECTLINE_BASE}/conversations/:id/stream`,
        upgradeWebSocket(async (c) => {
          // Browsers send the page's Origin with the upgrade; CORS does not apply to WebSockets.
          const origin = c.req.header('origin');
          if (origin && !options.origins.allows(origin, selfOrigins(c, options.publicUrl))) {
            throw new ApiError(403, 'Forbidden', 'this origin may not open the stream (WEBCHAT_ALLOWED_ORIGINS)');
          }
          const conversation = await conversationFor(authenticate(c.req.query('t')), c.req.param('id') ?? '');
          const watermark = parseWatermark(c.req.query('watermark'));
          const base = baseUrl(c);
          let unsubscribe = () => {};
          return {
            onOpen(_event, ws) {
              const send = (frame: string) => ws.send(frame);
              const stream = new ActivityStream(conversation.id, watermark, send, store, log, present(base));
              unsubscribe = live.subscribe(conversation.id, stream);
              stream.changed();
            },
            onClose() {
              unsubscribe();
            },
          };
        }),
      );

      app.get(`${DIRECTLINE_BASE}/attachments/:id`, async (c) => {
        const id = c.req.param('id');
        const link = attachments.verify(id, { c: c.req.query('c'), e: c.req.query('e'), s: c.req.query('s') });
        if (!link.ok && link.reason === 'expired') throw new ApiError(403, 'TokenExpired', 'this link has expired');
        if (!link.ok) throw new ApiError(403, 'Forbidden', 'attachment links are signed; use the one in the chat');
        const upload = await store.getUpload(id);
        if (!upload || upload.conversationId !== link.conversationId) {
          throw new ApiError(404, 'NotFound', 'attachment not found');
        }
        const inline = upload.contentType !== 'application/octet-stream';
        return c.body(Buffer.from(upload.bytes), 200, {
          'content-type': upload.contentType,
          'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName(upload.name)}"`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, max-age=86400',
        });
      });
    },
    attach(server: Server) {
      if (!wsServer) throw new Error('mount the Direct Line module before attaching it');
      const ws = wsServer;
      ws.injectWebSocket(server);
      return () => {
        for (const client of ws.wss.clients) client.terminate();
      };
    },
  };
}

function parseWatermark(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,12}$/.test(value)) throw new ApiError(400, 'BadArgument', 'watermark must be a number');
  return Number(value);
}

const asciiName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file';
