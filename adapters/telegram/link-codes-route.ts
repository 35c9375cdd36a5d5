/**
 * `POST /api/link-codes {buyerId}` → `201 {code, expiresAt, url}`: the card site's backend asks for a
 * one-time code and shows the buyer the deep link `t.me/<bot>?start=<code>`. Authenticated with the
 * site secret (Bearer `REST_CHANNEL_SECRET`); in sandbox mode with no secret set, open (for demos).
 */
import { z } from 'zod';
import type { HttpModule } from '../../src/server/app.js';
import { readJson } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import { secretMatches } from './secret.js';
import type { TelegramStore } from './store.js';

export const LINK_CODE_TTL_MS = 15 * 60 * 1000;

const LinkCodeRequest = z.object({ buyerId: z.string().trim().min(1).max(128) });

export interface LinkCodesOptions {
  store: TelegramStore;
  /** The site secret; undefined means no secret is configured. */
  siteSecret: string | undefined;
  /** Whether requests are accepted when no site secret is configured (sandbox mode). */
  openWithoutSecret: boolean;
  /** The bot's @username once known; undefined while Telegram is not configured or not started. */
  botUsername: () => string | undefined;
  ttlMs?: number;
}

export function linkCodesModule(options: LinkCodesOptions): HttpModule {
  return {
    name: 'telegram-link-codes',
    mount(app) {
      app.post('/api/link-codes', async (c) => {
        if (options.siteSecret === undefined) {
          if (!options.openWithoutSecret)
            throw new ApiError(401, 'unauthorized', 'set REST_CHANNEL_SECRET to let the card site ask for link codes');
        } else {
          const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
          if (!secretMatches(bearer, options.siteSecret))
            throw new ApiError(401, 'unauthorized', 'missing or wrong site secret (Authorization: Bearer …)');
        }
        const username = options.botUsername();
        if (!username) throw new ApiError(503, 'telegram_unavailable', 'the Telegram channel is not configured');
        const { buyerId } = await readJson(c, LinkCodeRequest);
        const { code, expiresAt } = options.store.createLinkCode(buyerId, options.ttlMs ?? LINK_CODE_TTL_MS);
        return c.json({ code, expiresAt, url: `https://t.me/${username}?start=${code}` }, 201);
      });
    },
  };
}
