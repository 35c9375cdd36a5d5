/**
 * An example card site on its own origin, embedding refund-desk's web chat the way a real site does:
 * the page loads `widget.js` from refund-desk, and this site's backend exchanges its signed-in buyer
 * for a Direct Line token with the site secret (which never reaches the browser).
 *
 *   DIRECTLINE_SECRET=… REFUND_DESK_URL=http://127.0.0.1:3978 npx tsx examples/card-site/server.ts
 *
 * refund-desk must allow this page's origin (WEBCHAT_ALLOWED_ORIGINS=http://127.0.0.1:8080; sandbox
 * mode allows any). In sandbox mode without DIRECTLINE_SECRET, the secret is in DATA_DIR/directline-secret.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface CardSite {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startCardSite(options: {
  deskUrl: string;
  secret: string;
  /** The buyer this demo site considers signed in (a real site takes it from its session). */
  buyerId?: string;
  port?: number;
  host?: string;
}): Promise<CardSite> {
  const page = readFileSync(new URL('./index.html', import.meta.url), 'utf8').replaceAll(
    '{{REFUND_DESK_URL}}',
    options.deskUrl.replace(/\/+$/, ''),
  );
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    if (req.method === 'POST' && req.url === '/refund-desk/token') {
      // A real site checks its session here and takes the buyer id from it.
      fetch(`${options.deskUrl}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: options.buyerId ?? 'demo-buyer' } }),
      })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(await r.text());
        })
        .catch(() =>
          res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"refund-desk unreachable"}'),
        );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.DIRECTLINE_SECRET;
  if (!secret) {
    console.error('DIRECTLINE_SECRET: required (in sandbox mode: the contents of DATA_DIR/directline-secret)');
    process.exit(1);
  }
  const site = await startCardSite({
    deskUrl: process.env.REFUND_DESK_URL ?? 'http://127.0.0.1:3978',
    secret,
    port: Number(process.env.PORT ?? 8080),
  });
  console.log(`example card site on ${site.url}`);
}
