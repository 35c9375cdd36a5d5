import type { ScenarioId } from '../core/domain.js';

/** Scenarios that are about a specific order (the others are questions, a human, or off-topic). */
const REFUND_SCENARIOS: ReadonlySet<ScenarioId> = new Set([
  'not_delivered',
  'duplicate_charge',
  'defective',
  'wrong_item',
  'not_as_described',
  'no_reason',
  'used_goods',
  'supplier_refused',
  'appeal',
  'refund_status',
]);

export const isRefundScenario = (s: ScenarioId): boolean => REFUND_SCENARIOS.has(s);
