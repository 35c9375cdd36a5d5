/** The one HTTP app: shared middleware, health and metrics, and the feature modules mounted on it. */
import type { Server } from 'node:http';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../core/log.js';
import { type Access, requireAccess } from './access.js';
import { ApiError } from './errors.js';
import type { Metrics } from './metrics.js';

/** A feature's HTTP routes. Modules are listed in app/, the composition root. */
export interface HttpModule {
  name: string;
  mount(app: Hono): void;
  /** Optional: hooks into the listening server (WebSocket upgrades); returns what to undo before closing. */
  attach?(server: Server): () => void;
}

export interface AppOptions {
  log: Logger;
  metrics: Metrics;
  modules: readonly HttpModule[];
  /** Reported by /healthz; false makes it answer 503. */
  ready?: () => boolean;
  version: string;
  /** Who may call which path (checked before any route); paths not listed are open or guard themselves. */
  access?: ReadonlyArray<{ path: string; access: Access }>;
}

export function createApp(options: AppOptions): Hono {
  const { log, metrics } = options;
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c);
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (c.res.status >= 500)
      log.warn({ method: c.req.method, path: c.req.path, status: c.res.status }, 'request failed');
    else
      log.debug(
        { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) },
        'request',
      );
  });

  for (const rule of options.access ?? []) app.use(rule.path, requireAccess(rule.access));

  app.get('/healthz', (c) => {
    const ready = options.ready?.() ?? true;
    return c.json({ status: ready ? 'ok' : 'starting', version: options.version }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  for (const module of options.modules) module.mount(app);

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).toJSON(), 404),
  );
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json(new ApiError(500, 'internal_error', 'internal error').toJSON(), 500);
  });
  return app;
}
