/** Inputs of the sandbox-only endpoints: anything a demo or a test needs to set up, with defaults. */
import { z } from 'zod';
import { Assessment, Channel, ScenarioId, TicketStatus } from '../../../src/core/domain.js';
import { Charge, Decision, EvidenceItem, Order, Product } from '../../../src/ports/platform.js';

const Timestamp = z.string().datetime({ offset: true });

export const SandboxOrderInput = Order.omit({ product: true })
  .partial()
  .extend({ product: Product.partial().optional(), charges: z.array(Charge).max(20).optional() })
  .strict();
export type SandboxOrderInput = z.infer<typeof SandboxOrderInput>;

export const SandboxTicketInput = z
  .object({
    orderNo: z.string().min(1).max(64),
    buyerId: z.string().min(1).max(128).optional(),
    scenario: ScenarioId,
    status: TicketStatus,
    channel: Channel.optional(),
    createdAt: Timestamp.optional(),
    decidedAt: Timestamp.optional(),
    decision: Decision.optional(),
    assessment: Assessment.optional(),
    claims: z.array(z.string().max(2000)).max(50).optional(),
    evidence: z.array(EvidenceItem).max(50).optional(),
  })
  .strict();
export type SandboxTicketInput = z.infer<typeof SandboxTicketInput>;
