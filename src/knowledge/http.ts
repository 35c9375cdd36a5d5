/** `POST /api/kb/search` (SPEC §2): {query, k?, lang?} → {results: [{clauseId, title, text, score, document}]}. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { Lang } from '../core/domain.js';
import type { RetrievedClause, Retriever } from '../ports/retriever.js';
import type { HttpModule } from '../server/app.js';
import { readJson } from '../server/body.js';

export const KbSearchRequest = z
  .object({
    // Long pastes are accepted and clipped by the retriever; only absurd sizes are refused.
    query: z.string().max(20_000),
    k: z.number().int().min(1).max(50).optional(),
    lang: Lang.optional(),
  })
  .strict();

export interface KbSearchResult {
  clauseId: string;
  title: string;
  text: string;
  score: number;
  document: string;
}

export const toSearchResult = (c: RetrievedClause): KbSearchResult => ({
  clauseId: c.id,
  title: c.title,
  text: c.text,
  score: Number(c.score.toFixed(6)),
  document: c.document,
});

export function kbSearchModule(retriever: Retriever): HttpModule {
  return {
    name: 'kb-search',
    mount(app: Hono) {
      app.post('/api/kb/search', async (c) => {
        const body = await readJson(c, KbSearchRequest, { maxBytes: 256 * 1024 });
        const found = await retriever.search(body.query, {
          ...(body.k === undefined ? {} : { k: body.k }),
          ...(body.lang === undefined ? {} : { lang: body.lang }),
        });
        return c.json({ results: found.map(toSearchResult) });
      });
    },
  };
}
