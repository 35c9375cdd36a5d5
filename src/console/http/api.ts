/** JSON under /api/agent/*: the same data and actions as the pages, 401 without a session. */
import { Hono } from 'hono';
import { z } from 'zod';
import { readJson } from '../../server/body.js';
import { ApiError } from '../../server/errors.js';
import { DecisionForm, decide } from '../decide.js';
import type { ConsoleDeps } from '../deps.js';
import { loadQueue, QueueQuery } from '../queue.js';
import { computeOverview } from '../stats.js';
import { loadTicketView } from '../ticket-view.js';
import { payloadText } from '../views/ticket.js';
import { type ConsoleEnv, csrfOk } from './context.js';
import { addNote } from './ui.js';

const publicAgent = (a: { id: string; email: string; role: string }) => ({ id: a.id, email: a.email, role: a.role });

export function consoleApi(deps: ConsoleDeps, allowedOrigins: readonly string[]): Hono<ConsoleEnv> {
  const api = new Hono<ConsoleEnv>();

  api.use('*', async (c, next) => {
    const signedIn = c.get('signedIn');
    if (!signedIn) throw new ApiError(401, 'unauthorized', 'sign in first');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!csrfOk(c, signedIn.session.csrfToken, c.req.header('x-csrf-token'), allowedOrigins)) {
        throw new ApiError(403, 'csrf', 'missing or wrong X-CSRF-Token, or a cross-site request');
      }
    }
    c.header('Cache-Control', 'no-store');
    await next();
  });

  api.get('/me', (c) => {
    const { agent, session } = c.get('signedIn')!;
    return c.json({ agent: publicAgent(agent), csrfToken: session.csrfToken });
  });

  api.get('/tickets', async (c) => {
    const parsed = QueueQuery.safeParse(c.req.query());
    if (!parsed.success)
      throw new ApiError(
        422,
        'invalid_query',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return c.json(await loadQueue(deps.tickets, deps.conversations, parsed.data));
  });

  api.get('/tickets/:id', async (c) => {
    const view = await loadTicketView(deps, c.req.param('id'), c.get('lang'));
    if (!view) throw new ApiError(404, 'not_found', 'no such ticket');
    return c.json({
      ...view,
      // Card codes stay masked here; revealing is done (and logged) on the ticket page.
      transcript: view.transcript.map((e) => ({
        seq: e.seq,
        at: e.at,
        direction: e.direction,
        actor: e.actor,
        type: e.type,
        text: deps.redact(payloadText(e)).text,
        attachments: e.attachments,
        hash: e.hash,
      })),
    });
  });

  api.post('/tickets/:id/decision', async (c) => {
    const form = await readJson(c, DecisionForm, { maxBytes: 64 * 1024 });
    const result = await decide(deps, c.get('signedIn')!.agent, c.req.param('id'), form);
    if (result.ok) return c.json({ ticket: result.ticket });
    const status = result.reason === 'not_found' ? 404 : result.reason === 'platform' ? 502 : 409;
    throw new ApiError(status, result.reason, result.message);
  });

  api.post('/tickets/:id/notes', async (c) => {
    const { text } = await readJson(c, z.object({ text: z.string().trim().min(1).max(5000) }), { maxBytes: 64 * 1024 });
    const ticketId = c.req.param('id');
    if (!(await deps.tickets.get(ticketId))) throw new ApiError(404, 'not_found', 'no such ticket');
    return c.json({ note: await addNote(deps, c.get('signedIn')!.agent.id, ticketId, text) }, 201);
  });

  api.get('/overview', async (c) => c.json(await computeOverview(deps)));

  return api;
}
