/**
 * The browser side: the official Web Chat bundle from the installed package (no CDN), the
 * `/widget.js` embed, and the `/demo` card-site page with its token endpoint for the demo buyer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { HttpModule } from '../../src/server/app.js';
import { type DemoOrder, demoPage } from './demo-page.js';

/** The installed botframework-webchat's dist/ (its `exports` only expose ".", so walk up from it). */
export function webChatDist(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('botframework-webchat'));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'dist'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat: package directory not found');
    dir = parent;
  }
  return join(dir, 'dist');
}

const lazy = <T>(load: () => T) => {
  let value: T | undefined;
  return () => {
    value ??= load();
    return value;
  };
};

export interface WebChatAssetsOptions {
  /** Serves `/demo` signed in as this buyer, with `/demo/token`; undefined leaves the demo off. */
  demo?: {
    buyerId: string;
    /** A token for the visitor's own conversation (the one given, if it is still the demo buyer's) or a new one. */
    issueToken(
      conversationId: string | undefined,
    ): Promise<{ token: string; conversationId: string; expires_in: number }>;
    orders(): Promise<DemoOrder[]>;
  };
}

/** Remembers a /demo visitor's conversation, so each visitor has their own. */
const DEMO_COOKIE = 'rd_demo_conversation';

export function webChatAssetsModule(options: WebChatAssetsOptions): HttpModule {
  const bundle = lazy(() => readFileSync(join(webChatDist(), 'webchat.js')));
  // 3.9 MB as shipped, about 1 MB compressed once.
  const bundleGzip = lazy(() => gzipSync(bundle(), { level: 9 }));
  const widget = lazy(() => readFileSync(new URL('./assets/widget.js', import.meta.url)));
  const js = { 'content-type': 'application/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' };
  return {
    name: 'webchat-assets',
    mount(app: Hono) {
      app.get('/webchat/webchat.js', (c) => {
        const headers = { ...js, 'cache-control': 'public, max-age=86400', vary: 'accept-encoding' };
        if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
          return c.body(bundleGzip(), 200, { ...headers, 'content-encoding': 'gzip' });
        }
        return c.body(bundle(), 200, headers);
      });
      app.get('/widget.js', (c) => c.body(widget(), 200, { ...js, 'cache-control': 'public, max-age=300' }));
      const demo = options.demo;
      if (!demo) return;
      app.get('/demo', async (c) => {
        const orders = await demo.orders().catch(() => []);
        return c.html(demoPage({ buyerId: demo.buyerId, orders }));
      });
      app.post('/demo/token', async (c) => {
        const kept = getCookie(c, DEMO_COOKIE);
        const issued = await demo.issueToken(kept && /^[\w-]{1,128}$/.test(kept) ? kept : undefined);
        setCookie(c, DEMO_COOKIE, issued.conversationId, {
          path: '/demo',
          httpOnly: true,
          sameSite: 'Lax',
          maxAge: 7 * 86_400,
        });
        return c.json(issued);
      });
    },
  };
}
