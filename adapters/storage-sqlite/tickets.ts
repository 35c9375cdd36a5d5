import type { Assessment, Channel, ScenarioId, TicketStatus } from '../../src/core/domain.js';
import type { BotTicket, TicketFilter, TicketStore } from '../../src/ports/ticket-store.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  ticket_id: string;
  order_no: string;
  buyer_id: string;
  conversation_id: string;
  channel: string;
  scenario: string;
  assessment: string;
  status: string;
  head_hash: string;
  sla_due_at: string;
  created_at: string;
  updated_at: string;
}

const toTicket = (r: Row): BotTicket => ({
  ticketId: r.ticket_id,
  orderNo: r.order_no,
  buyerId: r.buyer_id,
  conversationId: r.conversation_id,
  channel: r.channel as Channel,
  scenario: r.scenario as ScenarioId,
  assessment: JSON.parse(r.assessment) as Assessment,
  status: r.status as TicketStatus,
  headHash: r.head_hash,
  slaDueAt: r.sla_due_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Filter fields and their columns; values are always bound, never interpolated. */
const FILTER_COLUMNS = {
  status: 'status',
  scenario: 'scenario',
  assessment: 'assessment_result',
  channel: 'channel',
  orderNo: 'order_no',
  buyerId: 'buyer_id',
  conversationId: 'conversation_id',
} as const satisfies Record<keyof Omit<TicketFilter, 'limit' | 'offset'>, string>;

export function sqliteTicketStore(db: SqliteDatabase): TicketStore {
  const upsert = db.prepare(
    `INSERT INTO tickets (ticket_id, order_no, buyer_id, conversation_id, channel, scenario, assessment, assessment_result,
       status, head_hash, sla_due_at, created_at, updated_at)
     VALUES (@ticketId, @orderNo, @buyerId, @conversationId, @channel, @scenario, @assessment, @assessmentResult,
       @status, @headHash, @slaDueAt, @createdAt, @updatedAt)
     ON CONFLICT (ticket_id) DO UPDATE SET order_no = excluded.order_no, buyer_id = excluded.buyer_id,
       conversation_id = excluded.conversation_id, channel = excluded.channel, scenario = excluded.scenario,
       assessment = excluded.assessment, assessment_result = excluded.assessment_result, status = excluded.status,
       head_hash = excluded.head_hash, sla_due_at = excluded.sla_due_at, updated_at = excluded.updated_at`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM tickets WHERE ticket_id = ?');

  return {
    async upsert(t) {
      upsert.run({
        ...t,
        assessment: JSON.stringify(t.assessment),
        assessmentResult: t.assessment.result,
        slaDueAt: new Date(t.slaDueAt).toISOString(),
      });
    },
    async get(ticketId) {
      const row = get.get(ticketId);
      return row ? toTicket(row) : null;
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
        const value = filter[key as keyof typeof FILTER_COLUMNS];
        if (value === undefined) continue;
        where.push(`${column} = @${key}`);
        params[key] = value;
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM tickets ${clause}`).get(params) as { n: number }).n;
      const items = db
        .prepare<Record<string, string | number>, Row>(
          `SELECT * FROM tickets ${clause} ORDER BY sla_due_at, ticket_id LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: filter.limit ?? 50, offset: filter.offset ?? 0 })
        .map(toTicket);
      return { items, total };
    },
  };
}
