/** Keeps the bot's copy of each ticket's status in step with the platform's ticket.updated events. */
import type { Listener } from '../core/events.js';
import type { Ticket } from '../ports/platform.js';
import type { TicketStore } from '../ports/ticket-store.js';

export function mirrorTicketStatus(tickets: TicketStore, now: () => Date = () => new Date()): Listener<Ticket> {
  return async (ticket) => {
    const known = await tickets.get(ticket.ticketId);
    if (!known || known.status === ticket.status) return;
    await tickets.upsert({ ...known, status: ticket.status, updatedAt: now().toISOString() });
  };
}
