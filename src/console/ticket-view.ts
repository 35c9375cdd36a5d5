/** Everything the ticket page shows, gathered from the store, the platform, the transcript and the knowledge base. */
import type { ClauseId, EvidenceKind, Lang } from '../core/domain.js';
import type { AgentNote, AuditEntry } from '../ports/agent-store.js';
import type { ConversationRecord } from '../ports/conversation-store.js';
import type { OwnershipAttempt } from '../ports/ownership-attempts.js';
import type { Order, Ticket } from '../ports/platform.js';
import type { Clause } from '../ports/retriever.js';
import type { BotTicket } from '../ports/ticket-store.js';
import type { TranscriptEntry } from '../ports/transcript-store.js';
import type { ChainReport } from './chain.js';
import type { ConsoleDeps } from './deps.js';
import { receiptReadings, type ShownReceipt } from './receipts.js';

export interface ShownEvidence {
  sha256: string;
  mime: string;
  bytes: number;
  kind: EvidenceKind | null;
  name: string | null;
  text: string | null;
  /** What the bot read from it, when it is a payment receipt. */
  receipt: ShownReceipt | null;
}

export interface TicketView {
  bot: BotTicket;
  platformTicket: Ticket | null;
  platformError: string | null;
  order: Order | null;
  orderError: string | null;
  clauses: { id: ClauseId; clause: Clause | null }[];
  evidence: ShownEvidence[];
  conversation: ConversationRecord | null;
  transcript: TranscriptEntry[];
  chain: ChainReport;
  notes: AgentNote[];
  history: AuditEntry[];
  /** Failed attempts to prove the order is one's own, newest first: someone may be guessing. */
  ownershipAttempts: OwnershipAttempt[];
  /** E-mail of each agent id, for notes and history. */
  agentEmails: Record<string, string>;
}

const failure = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

async function settle<T>(p: Promise<T>): Promise<{ value: T | null; error: string | null }> {
  try {
    return { value: await p, error: null };
  } catch (err) {
    return { value: null, error: failure(err) };
  }
}

export const TRANSCRIPT_LIMIT = 5000;

export async function loadTicketView(deps: ConsoleDeps, ticketId: string, lang: Lang): Promise<TicketView | null> {
  const bot = await deps.tickets.get(ticketId);
  if (!bot) return null;
  const [platformTicket, order, conversation, transcript, attachments, notes, history, agents, ownershipAttempts] =
    await Promise.all([
      settle(deps.platform.getTicket(ticketId)),
      settle(deps.platform.getOrder(bot.orderNo)),
      deps.conversations.get(bot.conversationId),
      deps.transcripts.list(bot.conversationId, { limit: TRANSCRIPT_LIMIT }),
      deps.attachments.listByConversation(bot.conversationId),
      deps.agents.listNotes(ticketId),
      deps.agents.listAudit({ ticketId, limit: 100 }),
      deps.agents.listAgents(),
      deps.ownership ? deps.ownership.history(bot.orderNo, 50) : [],
    ]);
  const assessment = platformTicket.value?.assessment ?? bot.assessment;
  const clauses = await Promise.all(
    assessment.clauseIds.map(async (id) => ({
      id,
      clause: deps.retriever ? await deps.retriever.clause(id, lang).catch(() => null) : null,
    })),
  );
  const evidence = new Map<string, ShownEvidence>();
  for (const e of platformTicket.value?.evidence ?? []) {
    evidence.set(e.sha256, {
      sha256: e.sha256,
      mime: e.mime,
      bytes: e.bytes,
      kind: e.kind,
      name: null,
      text: e.text ?? null,
      receipt: null,
    });
  }
  for (const a of attachments) {
    const known = evidence.get(a.sha256);
    if (known) known.name = a.name;
    else
      evidence.set(a.sha256, {
        sha256: a.sha256,
        mime: a.mime,
        bytes: a.bytes,
        kind: null,
        name: a.name,
        text: null,
        receipt: null,
      });
  }
  const readings = receiptReadings(transcript);
  for (const e of evidence.values()) e.receipt = readings.get(e.sha256) ?? null;
  return {
    bot,
    platformTicket: platformTicket.value,
    platformError: platformTicket.error ?? (platformTicket.value ? null : 'not found on the platform'),
    order: order.value,
    orderError: order.error ?? (order.value ? null : 'not found on the platform'),
    clauses,
    evidence: [...evidence.values()],
    conversation,
    transcript,
    chain: await deps.verifyChain(bot.conversationId, transcript, bot.headHash),
    notes,
    history,
    ownershipAttempts,
    agentEmails: Object.fromEntries(agents.map((a) => [a.id, a.email])),
  };
}
