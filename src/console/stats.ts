/** The overview's figures: tickets per scenario and per day, self-served share, median time to decision. */
import { SCENARIO_IDS, type ScenarioId } from '../core/domain.js';
import type { ConsoleDeps } from './deps.js';
import { dayIn } from './time.js';

export interface Overview {
  tickets: number;
  perScenario: { scenario: ScenarioId; count: number }[];
  perDay: { day: string; count: number }[];
  conversations: number;
  /** Conversations that ended in a ticket with no human asked for, over all conversations. */
  selfServed: { count: number; share: number | null };
  /** Hours from ticket creation to the first agent decision, median over decided tickets. */
  medianDecisionHours: number | null;
  decided: number;
}

const MAX_TICKETS = 10_000;
export const DAYS = 14;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function computeOverview(deps: ConsoleDeps): Promise<Overview> {
  const now = deps.now();
  const [{ items, total }, counts, decisions] = await Promise.all([
    deps.tickets.list({ limit: MAX_TICKETS }),
    deps.conversationCounter.count(),
    deps.agents.listAudit({ action: 'decision', limit: MAX_TICKETS }),
  ]);

  const byScenario = new Map<ScenarioId, number>();
  for (const t of items) byScenario.set(t.scenario, (byScenario.get(t.scenario) ?? 0) + 1);

  const days: string[] = [];
  for (let i = DAYS - 1; i >= 0; i--) days.push(dayIn(new Date(now.getTime() - i * 86_400_000), deps.timeZone));
  const byDay = new Map(days.map((d) => [d, 0]));
  for (const t of items) {
    const d = dayIn(t.createdAt, deps.timeZone);
    if (byDay.has(d)) byDay.set(d, (byDay.get(d) ?? 0) + 1);
  }

  const conversationIds = [...new Set(items.map((t) => t.conversationId))];
  const conversations = await Promise.all(conversationIds.map((id) => deps.conversations.get(id)));
  const selfServed = conversations.filter((c) => c !== null && !c.handoff).length;

  const firstDecision = new Map<string, number>();
  for (const d of decisions) {
    const detail = d.detail as { ticketCreatedAt?: unknown } | null;
    if (!d.ticketId || typeof detail?.ticketCreatedAt !== 'string') continue;
    const hours = (Date.parse(d.at) - Date.parse(detail.ticketCreatedAt)) / 3_600_000;
    if (!Number.isFinite(hours)) continue;
    // Entries come newest first, so the last one seen per ticket is its first decision.
    firstDecision.set(d.ticketId, hours);
  }

  return {
    tickets: total,
    perScenario: SCENARIO_IDS.map((scenario) => ({ scenario, count: byScenario.get(scenario) ?? 0 })).filter(
      (s) => s.count > 0,
    ),
    perDay: days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
    conversations: counts.total,
    selfServed: { count: selfServed, share: counts.total > 0 ? selfServed / counts.total : null },
    medianDecisionHours: median([...firstDecision.values()]),
    decided: firstDecision.size,
  };
}
