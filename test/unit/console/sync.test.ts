import { describe, expect, it } from 'vitest';
import { mirrorTicketStatus } from '../../../src/console/sync.js';
import { Topic } from '../../../src/core/events.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { makeFixture, memoryTickets } from './fixture.js';

describe('mirrorTicketStatus', () => {
  it('updates the local status from ticket.updated events and ignores unknown tickets', async () => {
    const { ticket } = await makeFixture();
    const tickets = memoryTickets();
    await tickets.upsert({ ...ticket, status: 'awaiting_evidence' });
    const topic = new Topic<Ticket>();
    topic.subscribe(mirrorTicketStatus(tickets, () => new Date('2026-11-27T00:00:00.000Z')));
    const platformTicket = { ticketId: ticket.ticketId, status: 'open' } as Ticket;
    expect(await topic.publish(platformTicket)).toEqual([]);
    expect(await tickets.get(ticket.ticketId)).toMatchObject({ status: 'open', updatedAt: '2026-11-27T00:00:00.000Z' });
    expect(await topic.publish({ ...platformTicket, ticketId: 'unknown' })).toEqual([]);
    expect(await tickets.get('unknown')).toBeNull();
  });
});
