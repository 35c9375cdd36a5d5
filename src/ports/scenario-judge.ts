/**
 * A second opinion on the scenario, asked only when the local classifier is unsure (e.g. an LLM
 * behind adapters/llm). It can only pick one of the candidates it is given; anything else is ignored.
 */
import type { Lang, ScenarioId } from '../core/domain.js';

export interface ScenarioCandidate {
  id: ScenarioId;
  description: string;
}

export interface ScenarioJudge {
  /** The candidate that fits the buyer's text best, or undefined when none does. */
  choose(request: { text: string; lang: Lang; candidates: ScenarioCandidate[] }): Promise<ScenarioId | undefined>;
}
