/**
 * The Understander port: normalise → detect language → rank scenarios → extract entities, with
 * an optional second opinion (ScenarioJudge) when the local classifier is unsure.
 */
import { SCENARIO_IDS, ScenarioId } from '../core/domain.js';
import { type NluDefinition, trainingExamples } from '../definition/nlu.js';
import type { ScenarioCandidate, ScenarioJudge } from '../ports/scenario-judge.js';
import type { Parse, ScenarioScore, Understander } from '../ports/understander.js';
import { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS, ScenarioClassifier } from './classifier.js';
import { EntityExtractor } from './entities/index.js';
import { Featurizer } from './features.js';
import { normaliseText } from './text.js';

export interface NluOptions {
  judge?: ScenarioJudge;
  /** Consult the judge when the top confidence is below this. */
  consultBelow?: number;
  /** How many top-ranked scenarios the judge may choose from. */
  candidates?: number;
  judgeTimeoutMs?: number;
  /** Buyer's offset from UTC in minutes for day words (昨晚); default UTC+8. */
  utcOffsetMinutes?: number;
  classifier?: Partial<ClassifierOptions>;
  onJudgeError?: (err: unknown) => void;
}

const SCENARIO_BUTTON = /^\/scenario\s+([a-z_]+)\s*$/;
const HUMAN_BUTTON = /^\/(?:human|agent|人工)\s*$/;

export class NluUnderstander implements Understander {
  readonly trainingMs: number;
  private readonly classifier: ScenarioClassifier;
  private readonly entities: EntityExtractor;
  private readonly descriptions: Map<ScenarioId, { zh: string; en: string }>;

  constructor(
    definition: NluDefinition,
    private readonly options: NluOptions = {},
  ) {
    const started = performance.now();
    const { tokenizer, spelling } = definition.nlu;
    const featurizer = new Featurizer({ words: tokenizer.words, masks: tokenizer.masks, spelling });
    const examples = trainingExamples(definition.scenarios).map((e) => ({
      text: normaliseText(e.text).folded,
      scenario: e.scenario,
    }));
    this.classifier = ScenarioClassifier.train(featurizer, examples, {
      ...DEFAULT_CLASSIFIER_OPTIONS,
      ...options.classifier,
    });
    this.entities = new EntityExtractor(definition.nlu);
    this.descriptions = new Map(
      SCENARIO_IDS.map((id) => [id, definition.scenarios.scenarios[id]?.description ?? { zh: id, en: id }]),
    );
    this.trainingMs = performance.now() - started;
  }

  get temperature(): number {
    return this.classifier.temperature;
  }

  /** Canonical order number of a buyer's answer, e.g. "km 20261118-004217" → "KM20261118004217". */
  normaliseOrderNo(text: string): string | undefined {
    return this.entities.orderNumbers.find(normaliseText(text).folded)[0]?.value;
  }

  /** The local parse only: synchronous, no judge. */
  parseLocal(input: string, options: { now?: Date } = {}): Parse {
    return this.understand(input, options).parse;
  }

  async parse(input: string, options: { now?: Date } = {}): Promise<Parse> {
    const { parse: local, signal } = this.understand(input, options);
    const { judge, consultBelow = 0.6 } = this.options;
    if (!judge || !signal || local.scenario.confidence >= consultBelow) return local;
    const candidates = local.ranking.slice(0, this.options.candidates ?? 5).map(
      (s): ScenarioCandidate => ({
        id: s.name,
        description: `${this.descriptions.get(s.name)?.en} / ${this.descriptions.get(s.name)?.zh}`,
      }),
    );
    try {
      const choice = await withTimeout(
        judge.choose({ text: local.text, lang: local.lang, candidates }),
        this.options.judgeTimeoutMs ?? 5000,
      );
      const chosen = ScenarioId.safeParse(choice);
      if (!chosen.success || !candidates.some((c) => c.id === chosen.data)) return local;
      const ranking = blend(local.ranking, chosen.data);
      return { ...local, scenario: ranking[0]!, ranking };
    } catch (err) {
      this.options.onJudgeError?.(err);
      return local;
    }
  }

  private understand(input: string, options: { now?: Date }): { parse: Parse; signal: boolean } {
    const text = normaliseText(input);
    const now = options.now ?? new Date();
    const button = rankButton(text.folded);
    const { ranking, signal } = button ? { ranking: button, signal: false } : this.classifier.classify(text.folded);
    const parse: Parse = {
      text: text.original,
      lang: text.lang,
      scenario: ranking[0]!,
      ranking,
      entities: this.entities.extract(text, { now, utcOffsetMinutes: this.options.utcOffsetMinutes ?? 480 }),
    };
    return { parse, signal };
  }
}

/** Button payloads (SPEC §12) are understood exactly. */
function rankButton(folded: string): ScenarioScore[] | undefined {
  const trimmed = folded.trim();
  const id = HUMAN_BUTTON.test(trimmed) ? 'human_handoff' : SCENARIO_BUTTON.exec(trimmed)?.[1];
  const parsed = ScenarioId.safeParse(id);
  if (!parsed.success) return undefined;
  return [
    { name: parsed.data, confidence: 1 },
    ...SCENARIO_IDS.filter((s) => s !== parsed.data).map((name) => ({ name, confidence: 0 })),
  ];
}

/** The judge's choice counts as half of the evidence: p' = (p + onehot(choice)) / 2. */
function blend(ranking: ScenarioScore[], choice: ScenarioId): ScenarioScore[] {
  return ranking
    .map((s) => ({ name: s.name, confidence: (s.confidence + (s.name === choice ? 1 : 0)) / 2 }))
    .sort((a, b) => b.confidence - a.confidence);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`judge timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
