/**
 * The text of a cited clause, for the links in the chat: JSON for the widget (shown inside the
 * panel), a small HTML page otherwise. Policies are public, so no token is needed.
 */
import type { Hono } from 'hono';
import type { Lang } from '../../src/core/domain.js';
import type { Clause } from '../../src/ports/retriever.js';
import type { HttpModule } from '../../src/server/app.js';
import { ApiError } from '../../src/server/errors.js';
import { CLAUSE_PATH } from './activity.js';
import { corsMiddleware, type OriginPolicy } from './origins.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** The clause's Markdown as readable plain text: bullets kept as "•", emphasis marks dropped. */
export const plainClause = (text: string) =>
  text
    .replace(/^\s*[-*]\s+/gm, '• ')
    .replace(/[*_`]/g, '')
    .trim();

export function clausesModule(options: {
  clause(id: string, lang: Lang): Promise<Clause | null>;
  origins: OriginPolicy;
  publicUrl: string | undefined;
}): HttpModule {
  return {
    name: 'webchat-clauses',
    mount(app: Hono) {
      app.use(`${CLAUSE_PATH}*`, corsMiddleware(options.origins, options.publicUrl));
      app.get(`${CLAUSE_PATH}:id`, async (c) => {
        const id = c.req.param('id');
        const lang: Lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
        if (!/^[A-Z]+(?:-[A-Z0-9]+)+$/.test(id)) throw new ApiError(404, 'NotFound', 'no such clause');
        const clause = await options.clause(id, lang);
        if (!clause) throw new ApiError(404, 'NotFound', 'no such clause');
        const body = { id: clause.id, title: clause.title, text: plainClause(clause.text), lang: clause.lang };
        c.header('cache-control', 'public, max-age=300');
        if (/application\/json/.test(c.req.header('accept') ?? '')) return c.json(body);
        return c.html(`<!doctype html>
<html lang="${clause.lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(`${clause.id} ${clause.title}`)}</title>
<style>body{max-width:40em;margin:24px auto;padding:0 16px;font:16px/1.7 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#222}
p{white-space:pre-wrap}</style></head>
<body><h1>${escapeHtml(`${clause.id} ${clause.title}`)}</h1><p>${escapeHtml(body.text)}</p></body></html>`);
      });
    },
  };
}
