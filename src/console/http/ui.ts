/** The console's pages under /agent: forms posting back, no script. */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AgentRole } from '../../ports/agent-store.js';
import { Sha256Hex } from '../../ports/platform.js';
import type { ClientAddress } from '../../server/client-address.js';
import { SESSION_MS } from '../auth.js';
import { DecisionForm, decide } from '../decide.js';
import type { ConsoleDeps } from '../deps.js';
import type { Html } from '../html.js';
import { fill, TEXTS } from '../i18n.js';
import { loadQueue, QueueQuery } from '../queue.js';
import { computeOverview } from '../stats.js';
import { loadTicketView } from '../ticket-view.js';
import { agentsPage, messagePage } from '../views/admin.js';
import { CONSOLE_CSS } from '../views/layout.js';
import { loginPage } from '../views/login.js';
import { overviewPage } from '../views/overview.js';
import { queuePage } from '../views/queue.js';
import { ticketPage } from '../views/ticket.js';
import {
  type ConsoleContext,
  type ConsoleEnv,
  cookieOptions,
  csrfOk,
  LOGIN_CSRF_COOKIE,
  pageContext,
  SESSION_COOKIE,
} from './context.js';

const FORM_LIMIT = 64 * 1024;
const SERVED_TYPES = /^(image\/(png|jpeg|webp|gif)|application\/pdf)$/;

async function formOf(c: ConsoleContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

const page = (c: ConsoleContext, html: Html, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 502 = 200) =>
  c.html(html, status);

export function consoleUi(
  deps: ConsoleDeps,
  allowedOrigins: readonly string[],
  clientAddress: ClientAddress,
): Hono<ConsoleEnv> {
  const ui = new Hono<ConsoleEnv>();
  const t = (c: ConsoleContext) => TEXTS[c.get('lang')];
  ui.post('*', bodyLimit({ maxSize: FORM_LIMIT }));

  ui.get('/assets/console.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  ui.get('/login', (c) => {
    if (c.get('signedIn')) return c.redirect('/agent', 303);
    const token = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(deps, 3600));
    return page(c, loginPage(pageContext(c), token, null));
  });

  ui.post('/login', async (c) => {
    const form = await formOf(c);
    const expected = getCookie(c, LOGIN_CSRF_COOKIE);
    const token = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(deps, 3600));
    if (!expected || !csrfOk(c, expected, form._csrf, allowedOrigins)) {
      return page(c, loginPage(pageContext(c), token, 'CSRF'), 403);
    }
    const result = await deps.auth.login(form.email ?? '', form.password ?? '', clientAddress(c));
    if (!result.ok) {
      const text =
        result.reason === 'locked' ? t(c).locked : result.reason === 'rate_limited' ? t(c).rateLimited : t(c).badLogin;
      if (result.reason === 'locked') c.header('Retry-After', String(result.retryAfterSeconds));
      const status = result.reason === 'invalid' ? 401 : 429;
      return page(c, loginPage(pageContext(c), token, text, (form.email ?? '').slice(0, 200)), status);
    }
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, result.token, cookieOptions(deps, SESSION_MS / 1000));
    return c.redirect('/agent', 303);
  });

  // Everything below needs a session.
  ui.use('*', async (c, next) => {
    const signedIn = c.get('signedIn');
    if (!signedIn) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/agent/login', 303);
      return page(c, messagePage(pageContext(c), '401', t(c).signIn), 401);
    }
    if (c.req.method === 'POST') {
      const form = await formOf(c);
      if (!csrfOk(c, signedIn.session.csrfToken, form._csrf, allowedOrigins)) {
        return page(c, messagePage(pageContext(c), '403', 'CSRF'), 403);
      }
    }
    await next();
  });
  ui.use('/admin/*', async (c, next) => {
    if (c.get('signedIn')?.agent.role !== 'admin')
      return page(c, messagePage(pageContext(c), '403', t(c).forbidden), 403);
    await next();
  });
  ui.post('/logout', async (c) => {
    const signedIn = c.get('signedIn')!;
    await deps.auth.logout(signedIn);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/agent/login', 303);
  });

  ui.get('/', async (c) => {
    const parsed = QueueQuery.safeParse(c.req.query());
    const query = parsed.success ? parsed.data : {};
    return page(c, queuePage(pageContext(c), await loadQueue(deps.tickets, deps.conversations, query), deps.now()));
  });

  ui.get('/overview', async (c) => page(c, overviewPage(pageContext(c), await computeOverview(deps))));

  const showTicket = async (
    c: ConsoleContext,
    revealed: boolean,
    flash: { kind: 'info' | 'error'; text: string } | null,
    status: 200 | 409 | 422 | 502 = 200,
  ) => {
    const view = await loadTicketView(deps, c.req.param('id') ?? '', c.get('lang'));
    if (!view) return page(c, messagePage(pageContext(c), '404', t(c).notFound), 404);
    return page(c, ticketPage(pageContext(c), view, { revealed, redact: deps.redact, flash }), status);
  };

  ui.get('/tickets/:id', (c) => {
    const done = c.req.query('done');
    return showTicket(
      c,
      false,
      done ? { kind: 'info', text: fill(t(c).decided, { decision: done.slice(0, 40) }) } : null,
    );
  });

  ui.post('/tickets/:id/reveal', async (c) => {
    const ticketId = c.req.param('id');
    if (!(await deps.tickets.get(ticketId))) return page(c, messagePage(pageContext(c), '404', t(c).notFound), 404);
    await deps.agents.audit({
      at: deps.now().toISOString(),
      agentId: c.get('signedIn')!.agent.id,
      action: 'reveal',
      ticketId,
      detail: { what: 'card_codes' },
    });
    deps.log.info({ ticketId, agent: c.get('signedIn')!.agent.email }, 'card codes revealed');
    return showTicket(c, true, null);
  });

  ui.post('/tickets/:id/decision', async (c) => {
    const parsed = DecisionForm.safeParse(await formOf(c));
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return showTicket(c, false, { kind: 'error', text: message }, 422);
    }
    const result = await decide(deps, c.get('signedIn')!.agent, c.req.param('id'), parsed.data);
    if (result.ok) {
      return c.redirect(`/agent/tickets/${encodeURIComponent(c.req.param('id'))}?done=${parsed.data.decision}`, 303);
    }
    if (result.reason === 'not_found') return page(c, messagePage(pageContext(c), '404', t(c).notFound), 404);
    const text = result.reason === 'platform' ? fill(t(c).decisionFailed, { message: result.message }) : result.message;
    return showTicket(c, false, { kind: 'error', text }, result.reason === 'platform' ? 502 : 409);
  });

  ui.post('/tickets/:id/notes', async (c) => {
    const ticketId = c.req.param('id');
    const text = ((await formOf(c)).text ?? '').trim();
    if (!(await deps.tickets.get(ticketId))) return page(c, messagePage(pageContext(c), '404', t(c).notFound), 404);
    if (text === '' || text.length > 5000)
      return showTicket(c, false, { kind: 'error', text: 'note: 1–5000 characters' }, 422);
    await addNote(deps, c.get('signedIn')!.agent.id, ticketId, text);
    return c.redirect(`/agent/tickets/${encodeURIComponent(ticketId)}#notes`, 303);
  });

  ui.get('/evidence/:sha256', async (c) => {
    const sha = Sha256Hex.safeParse(c.req.param('sha256'));
    if (!sha.success) return c.text('bad hash', 400);
    const [bytes, meta] = await Promise.all([deps.evidence.read(sha.data), deps.attachments.get(sha.data)]);
    if (!bytes) return c.text('not found', 404);
    const mime = meta && SERVED_TYPES.test(meta.mime) ? meta.mime : 'application/octet-stream';
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    c.header('Cache-Control', 'private, max-age=3600, immutable');
    c.header(
      'Content-Disposition',
      mime === 'application/octet-stream' ? `attachment; filename="${sha.data}"` : 'inline',
    );
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': mime });
  });

  ui.get('/admin/agents', async (c) => page(c, agentsPage(pageContext(c), await deps.agents.listAgents(), null)));

  ui.post('/admin/agents', async (c) => {
    const form = z
      .object({ email: z.string().max(200), role: AgentRole, password: z.string().max(200) })
      .safeParse(await formOf(c));
    const by = c.get('signedIn')!.agent.id;
    const result = form.success
      ? await deps.auth.addAgent(form.data, by)
      : { ok: false as const, message: 'email, role, password' };
    const flash = result.ok
      ? { kind: 'info' as const, text: `+ ${result.agent.email}` }
      : { kind: 'error' as const, text: result.message };
    return page(c, agentsPage(pageContext(c), await deps.agents.listAgents(), flash), result.ok ? 200 : 422);
  });

  ui.post('/admin/agents/:id/:action{disable|enable}', async (c) => {
    const me = c.get('signedIn')!.agent;
    const id = c.req.param('id');
    if (id === me.id) return page(c, messagePage(pageContext(c), '409', t(c).forbidden), 409);
    await deps.auth.setDisabled(id, c.req.param('action') === 'disable', me.id);
    return c.redirect('/agent/admin/agents', 303);
  });

  return ui;
}

export async function addNote(deps: ConsoleDeps, agentId: string, ticketId: string, text: string) {
  const note = await deps.agents.addNote({ ticketId, agentId, text, at: deps.now().toISOString() });
  await deps.agents.audit({ at: note.at, agentId, action: 'note', ticketId, detail: { noteId: note.id } });
  return note;
}
