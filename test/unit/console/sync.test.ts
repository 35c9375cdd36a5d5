import { describe, expect, it } from 'vitest';
import { mirrorTicketStatus } from '../../../src/console/sync.js';
import { Topic } from '../../../src/core/events.js';
import type { Ticket } from '../../../src/ports/platform.js';
import { makeFixture, memoryTickets } from './fixture.js';

describe('mirrorTicketStatus', () => {
  it('reads the status back from the platform, so a late stale webhook changes nothing', async () => {
    const { ticket } = await makeFixture();
    const tickets = memoryTickets();
    await tickets.upsert({ ...ticket, status: 'awaiting_evidence' });
    let platformStatus: Ticket['status'] = 'open';
    const platform = {
      getTicket: async (id: string) =>
        id === ticket.ticketId ? ({ ticketId: id, status: platformStatus } as Ticket) : null,
    };
    const topic = new Topic<Ticket>();
    topic.subscribe(mirrorTicketStatus(tickets, platform, () => new Date('2026-11-27T00:00:00.000Z')));

    expect(await topic.publish({ ticketId: ticket.ticketId, status: 'open' } as Ticket)).toEqual([]);
    expect(await tickets.get(ticket.ticketId)).toMatchObject({ status: 'open', updatedAt: '2026-11-27T00:00:00.000Z' });

    platformStatus = 'rejected';
    await topic.publish({ ticketId: ticket.ticketId, status: 'awaiting_evidence' } as Ticket);
    expect((await tickets.get(ticket.ticketId))?.status).toBe('rejected');

    expect(await topic.publish({ ticketId: 'unknown', status: 'open' } as Ticket)).toEqual([]);
    expect(await tickets.get('unknown')).toBeNull();
  });
});
