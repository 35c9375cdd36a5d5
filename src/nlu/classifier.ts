/**
 * The scenario classifier: features → softmax regression → temperature-scaled confidences.
 * The temperature is fitted on out-of-fold predictions, so a confidence of 0.9 means the model
 * was right about 9 times in 10 on examples it had not seen.
 */
import { SCENARIO_IDS, type ScenarioId } from '../core/domain.js';
import type { ScenarioScore } from '../ports/understander.js';
import type { Featurizer } from './features.js';
import { logits, type SoftmaxModel, type SparseVector, softmax, type TrainOptions, train } from './softmax.js';

export interface LabelledText {
  /** Folded text (see normaliseText). */
  text: string;
  scenario: ScenarioId;
}

export interface ClassifierOptions extends TrainOptions {
  /** Folds used to fit the temperature; 0 or 1 skips calibration (temperature 1). */
  folds: number;
  /** Features seen in fewer training examples than this are dropped. */
  minCount: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  iterations: 40,
  learningRate: 0.08,
  l2: 1e-4,
  folds: 3,
  minCount: 2,
};

/** Returned for text without a single known feature (empty, emoji only, noise). */
const NO_SIGNAL_CONFIDENCE = 0.3;

export class ScenarioClassifier {
  private constructor(
    private readonly featurizer: Featurizer,
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly model: SoftmaxModel,
    readonly temperature: number,
  ) {}

  static train(featurizer: Featurizer, examples: readonly LabelledText[], options = DEFAULT_CLASSIFIER_OPTIONS) {
    const featureLists = examples.map((e) => featurizer.features(e.text));
    const vocabulary = buildVocabulary(featureLists, options.minCount);
    const xs = featureLists.map((f) => vectorise(f, vocabulary));
    const ys = examples.map((e) => SCENARIO_IDS.indexOf(e.scenario));
    const temperature = options.folds > 1 ? fitTemperature(xs, ys, vocabulary.size, options) : 1;
    const model = train(xs, ys, SCENARIO_IDS.length, vocabulary.size, options);
    return new ScenarioClassifier(featurizer, vocabulary, model, temperature);
  }

  /** All scenarios, most likely first; `signal` is false when no known feature was found. */
  classify(folded: string): { ranking: ScenarioScore[]; signal: boolean } {
    const x = vectorise(this.featurizer.features(folded), this.vocabulary);
    if (x.indices.length === 0) return { ranking: noSignalRanking(), signal: false };
    const p = softmax(logits(this.model, x), this.temperature);
    const ranking = SCENARIO_IDS.map((name, c) => ({ name, confidence: p[c]! })).sort(
      (a, b) => b.confidence - a.confidence || SCENARIO_IDS.indexOf(a.name) - SCENARIO_IDS.indexOf(b.name),
    );
    return { ranking, signal: true };
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }
}

export function noSignalRanking(): ScenarioScore[] {
  const rest = (1 - NO_SIGNAL_CONFIDENCE) / (SCENARIO_IDS.length - 1);
  return [
    { name: 'out_of_scope', confidence: NO_SIGNAL_CONFIDENCE },
    ...SCENARIO_IDS.filter((id) => id !== 'out_of_scope').map((name) => ({ name, confidence: rest })),
  ];
}

function buildVocabulary(featureLists: readonly string[][], minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const features of featureLists) for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [f, count] of counts) if (count >= minCount) vocabulary.set(f, vocabulary.size);
  return vocabulary;
}

function vectorise(features: readonly string[], vocabulary: ReadonlyMap<string, number>): SparseVector {
  const indices = features.map((f) => vocabulary.get(f)).filter((i): i is number => i !== undefined);
  indices.sort((a, b) => a - b);
  const weight = indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0;
  return { indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(weight) };
}

/** Out-of-fold logits, then the temperature with the lowest negative log-likelihood. */
function fitTemperature(xs: SparseVector[], ys: number[], features: number, options: ClassifierOptions): number {
  const heldOut: { z: Float64Array; y: number }[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const trainIdx = xs.map((_, i) => i).filter((i) => i % options.folds !== fold);
    const testIdx = xs.map((_, i) => i).filter((i) => i % options.folds === fold);
    const model = train(
      trainIdx.map((i) => xs[i]!),
      trainIdx.map((i) => ys[i]!),
      SCENARIO_IDS.length,
      features,
      options,
    );
    for (const i of testIdx) heldOut.push({ z: logits(model, xs[i]!), y: ys[i]! });
  }
  let best = { temperature: 1, nll: Number.POSITIVE_INFINITY };
  for (let t = 0.05; t <= 3; t += 0.01) {
    let nll = 0;
    for (const { z, y } of heldOut) nll -= Math.log(Math.max(softmax(z, t)[y]!, 1e-12));
    if (nll < best.nll) best = { temperature: t, nll };
  }
  return Number(best.temperature.toFixed(2));
}
