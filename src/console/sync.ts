/**
 * Keeps the bot's copy of each ticket's status in step with the platform. Webhooks may arrive out of
 * order, so an event only says "look again": the status is read back from the platform.
 */
import type { Listener } from '../core/events.js';
import type { Platform, Ticket } from '../ports/platform.js';
import type { TicketStore } from '../ports/ticket-store.js';

export function mirrorTicketStatus(
  tickets: TicketStore,
  platform: Pick<Platform, 'getTicket'>,
  now: () => Date = () => new Date(),
): Listener<Ticket> {
  return async (event) => {
    const known = await tickets.get(event.ticketId);
    if (!known) return;
    const current = await platform.getTicket(event.ticketId);
    if (!current || current.status === known.status) return;
    await tickets.upsert({ ...known, status: current.status, updatedAt: now().toISOString() });
  };
}
