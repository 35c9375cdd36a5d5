import type { Assessment, Channel, ScenarioId, TicketStatus } from '../core/domain.js';

/** A ticket the bot opened, as refund-desk remembers it (the platform holds the authoritative copy). */
export interface BotTicket {
  ticketId: string;
  orderNo: string;
  buyerId: string;
  conversationId: string;
  channel: Channel;
  scenario: ScenarioId;
  assessment: Assessment;
  status: TicketStatus;
  /** Transcript head hash recorded when the ticket was opened. */
  headHash: string;
  slaDueAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface TicketFilter {
  status?: TicketStatus;
  scenario?: ScenarioId;
  assessment?: Assessment['result'];
  channel?: Channel;
  orderNo?: string;
  buyerId?: string;
  conversationId?: string;
  limit?: number;
  offset?: number;
}

export interface TicketStore {
  /** Inserts or replaces by ticketId. */
  upsert(ticket: BotTicket): Promise<void>;
  get(ticketId: string): Promise<BotTicket | null>;
  /** Sorted by SLA due time, earliest first. */
  list(filter?: TicketFilter): Promise<{ items: BotTicket[]; total: number }>;
}
