/** Typed request context of the console (STYLE 2) and the checks every route shares. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Lang } from '../../core/domain.js';
import { type SignedIn, sameSecret } from '../auth.js';
import type { ConsoleDeps } from '../deps.js';
import { pickLang } from '../i18n.js';
import type { PageContext } from '../views/layout.js';

export interface ConsoleEnv {
  Variables: { lang: Lang; signedIn: SignedIn | null; timeZone: string };
}
export type ConsoleContext = Context<ConsoleEnv>;

export const SESSION_COOKIE = 'rd_session';
export const LOGIN_CSRF_COOKIE = 'rd_login_csrf';
const LANG_COOKIE = 'rd_lang';

export function cookieOptions(deps: ConsoleDeps, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: deps.secureCookies,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Resolves the language (a `?lang=` choice is remembered) and the signed-in agent, if any. */
export function consoleContext(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const chosen = c.req.query('lang');
    if (chosen === 'zh' || chosen === 'en') setCookie(c, LANG_COOKIE, chosen, cookieOptions(deps, 365 * 86_400));
    c.set('lang', pickLang(chosen ?? getCookie(c, LANG_COOKIE), c.req.header('accept-language')));
    c.set('signedIn', await deps.auth.resolve(getCookie(c, SESSION_COOKIE)));
    c.set('timeZone', deps.timeZone);
    await next();
  };
}

/** No script at all, images only from here, forms only to here, never framed. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('content-security-policy')) {
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  }
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
};

/** A request another site made the browser send (Fetch metadata, else the Origin header). */
export function isCrossSite(c: Context, allowedOrigins: readonly string[]): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  return origin !== new URL(c.req.url).origin && !allowedOrigins.includes(origin);
}

export function csrfOk(c: Context, expected: string, presented: unknown, allowedOrigins: readonly string[]): boolean {
  return !isCrossSite(c, allowedOrigins) && typeof presented === 'string' && sameSecret(presented, expected);
}

export function pageContext(c: ConsoleContext): PageContext {
  const signedIn = c.get('signedIn');
  const url = new URL(c.req.url);
  return {
    lang: c.get('lang'),
    agent: signedIn?.agent ?? null,
    csrf: signedIn?.session.csrfToken ?? null,
    path: `${url.pathname}${url.search}`,
    timeZone: c.get('timeZone'),
  };
}

/**
 * For routes outside the console that serve agents (the transcript module's verify/export): the
 * signed-in agent, or null. A reveal needs POST and the CSRF token, and is written to the audit log.
 */
export function consoleAuthorize(
  deps: Pick<ConsoleDeps, 'auth' | 'agents' | 'now'>,
  allowedOrigins: () => readonly string[] = () => [],
) {
  return async (c: Context, access: 'read' | 'reveal'): Promise<{ agentId: string } | null> => {
    const signedIn = await deps.auth.resolve(getCookie(c, SESSION_COOKIE));
    if (!signedIn) return null;
    if (access === 'reveal') {
      // Unmasked text only for a POST carrying the session's CSRF token: never for a link or an <img>.
      if (c.req.method !== 'POST') return null;
      if (!csrfOk(c, signedIn.session.csrfToken, c.req.header('x-csrf-token'), allowedOrigins())) return null;
      await deps.agents.audit({
        at: deps.now().toISOString(),
        agentId: signedIn.agent.id,
        action: 'reveal',
        ticketId: null,
        detail: { what: 'transcript', path: c.req.path.slice(0, 300) },
      });
    }
    return { agentId: signedIn.agent.id };
  };
}
