/** An agent's decision: validated, sent to the platform, mirrored in the local ticket store, audited. */
import { z } from 'zod';
import { ClauseId } from '../core/domain.js';
import type { Agent } from '../ports/agent-store.js';
import { PlatformError, type Ticket } from '../ports/platform.js';
import type { ConsoleDeps } from './deps.js';

/** Clause ids as typed in a form ("RP-03, RP-05") or sent as a JSON array. */
const ClauseList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,，、;；]+/).filter((s) => s !== '') : v),
  z.array(z.string().trim().toUpperCase().pipe(ClauseId)).max(20),
);
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const Reason = z.string().trim().min(1).max(2000);

export const DecisionForm = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    amount: z.preprocess(blank, z.coerce.number().nonnegative().finite().optional()),
    reason: z.preprocess(blank, Reason.optional()),
    clauseIds: z.preprocess(blank, ClauseList.optional()),
  }),
  z.object({
    decision: z.literal('reject'),
    reason: Reason,
    clauseIds: ClauseList.refine((l) => l.length > 0, 'name at least one clause'),
  }),
  z.object({
    decision: z.literal('request_evidence'),
    reason: Reason,
    clauseIds: z.preprocess(blank, ClauseList.optional()),
  }),
]);
export type DecisionForm = z.infer<typeof DecisionForm>;

export const DECIDABLE = ['open', 'awaiting_evidence', 'appealed'] as const;

export type DecideResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'not_found' | 'already_decided' | 'amount_too_high' | 'platform'; message: string };

export async function decide(
  deps: ConsoleDeps,
  agent: Agent,
  ticketId: string,
  form: DecisionForm,
): Promise<DecideResult> {
  const bot = await deps.tickets.get(ticketId);
  if (!bot) return { ok: false, reason: 'not_found', message: `no ticket ${ticketId}` };
  if (!(DECIDABLE as readonly string[]).includes(bot.status)) {
    return { ok: false, reason: 'already_decided', message: `the ticket is ${bot.status}` };
  }
  let amount: number | undefined;
  if (form.decision === 'approve') {
    const order = await deps.platform.getOrder(bot.orderNo).catch(() => null);
    amount = form.amount ?? order?.amount;
    if (order && amount !== undefined && amount > order.amount) {
      return { ok: false, reason: 'amount_too_high', message: `the order amount is ${order.amount}` };
    }
  }
  const clauseIds = form.clauseIds ?? (form.decision === 'request_evidence' ? ['RP-10'] : bot.assessment.clauseIds);
  const reason = form.reason ?? `approved (${clauseIds.join(', ')})`;
  let ticket: Ticket;
  try {
    ticket = await deps.platform.decide(ticketId, {
      decision: form.decision,
      ...(amount === undefined ? {} : { amount }),
      reason,
      clauseIds,
      agentId: agent.email,
    });
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    deps.log.warn({ err, ticketId }, 'decision not accepted by the platform');
    return { ok: false, reason: 'platform', message: err.message };
  }
  const now = deps.now().toISOString();
  await deps.tickets.upsert({ ...bot, status: ticket.status, updatedAt: now });
  await deps.agents.audit({
    at: now,
    agentId: agent.id,
    action: 'decision',
    ticketId,
    detail: {
      decision: form.decision,
      amount: amount ?? null,
      reason,
      clauseIds,
      status: ticket.status,
      ticketCreatedAt: bot.createdAt,
    },
  });
  return { ok: true, ticket };
}
