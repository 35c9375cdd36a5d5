/** The queue: filters from the query string, one page of tickets sorted by SLA, and counts per status. */
import { z } from 'zod';
import { AssessmentResult, Channel, ScenarioId, TICKET_STATUSES, TicketStatus } from '../core/domain.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { BotTicket, TicketFilter, TicketStore } from '../ports/ticket-store.js';

export const PAGE_SIZE = 25;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const QueueQuery = z.object({
  status: optional(TicketStatus),
  scenario: optional(ScenarioId),
  assessment: optional(AssessmentResult),
  channel: optional(Channel),
  q: optional(z.string().max(64)),
  page: optional(z.coerce.number().int().min(1).max(10_000)),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

/** Order numbers as buyers and agents type them: any case, spaces or dashes. */
export const normaliseOrderNo = (s: string) => s.replace(/[\s-]+/g, '').toUpperCase();

export interface QueuePage {
  query: QueueQuery;
  items: BotTicket[];
  total: number;
  page: number;
  pages: number;
  countsByStatus: Record<TicketStatus, number>;
  all: number;
  /** Conversation ids on this page whose buyer asked for a human. */
  handoff: string[];
}

export function toFilter(query: QueueQuery): TicketFilter {
  const filter: TicketFilter = {};
  if (query.status) filter.status = query.status;
  if (query.scenario) filter.scenario = query.scenario;
  if (query.assessment) filter.assessment = query.assessment;
  if (query.channel) filter.channel = query.channel;
  if (query.q) filter.orderNo = normaliseOrderNo(query.q);
  return filter;
}

export async function loadQueue(
  tickets: TicketStore,
  conversations: Pick<ConversationStore, 'get'>,
  query: QueueQuery,
): Promise<QueuePage> {
  const page = query.page ?? 1;
  const filter = toFilter(query);
  const { status: _status, ...withoutStatus } = filter;
  const [list, counts, all] = await Promise.all([
    tickets.list({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    Promise.all(
      TICKET_STATUSES.map(
        async (s) => [s, (await tickets.list({ ...withoutStatus, status: s, limit: 1 })).total] as const,
      ),
    ),
    tickets.list({ ...withoutStatus, limit: 1 }),
  ]);
  const handoff = await Promise.all(
    list.items.map(async (t) => ((await conversations.get(t.conversationId))?.handoff ? t.conversationId : null)),
  );
  return {
    query,
    items: list.items,
    total: list.total,
    page,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    countsByStatus: Object.fromEntries(counts) as Record<TicketStatus, number>,
    all: all.total,
    handoff: handoff.filter((id): id is string => id !== null),
  };
}
