import type { Lang, ScenarioId } from '../core/domain.js';

export const ENTITY_NAMES = ['order_no', 'payment_channel', 'product_kind', 'amount', 'txn_id', 'time'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export interface Entity {
  entity: EntityName;
  /** Normalised value (order numbers canonical, times ISO-8601, amounts as decimal strings). */
  value: string;
  start: number;
  end: number;
}

export interface ScenarioScore {
  name: ScenarioId;
  confidence: number;
}

/** SPEC §2 `/api/parse` shape (Rasa's /model/parse). */
export interface Parse {
  text: string;
  lang: Lang;
  scenario: ScenarioScore;
  ranking: ScenarioScore[];
  entities: Entity[];
}

export interface Understander {
  parse(text: string, options?: { now?: Date }): Promise<Parse>;
}
