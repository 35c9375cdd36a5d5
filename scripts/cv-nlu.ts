/**
 * tsx scripts/cv-nlu.ts [--folds 5] [--errors]
 * Stratified k-fold cross-validation of the scenario classifier on the training examples in
 * bots/: how well the examples generalise to each other (a lower bound on unseen-text accuracy).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCENARIO_IDS, type ScenarioId } from '../src/core/domain.js';
import { loadNluDefinition, type NluDefinition } from '../src/definition/nlu.js';
import { classificationReport } from '../src/nlu/metrics.js';
import { NluUnderstander } from '../src/nlu/understander.js';

const { values: args } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    bot: { type: 'string', default: resolve(process.env.BOTS_DIR ?? 'bots', 'refund') },
    errors: { type: 'boolean', default: false },
  },
});
const k = Number(args.folds);
const definition = loadNluDefinition(args.bot);
const predictions: { expected: ScenarioId; predicted: ScenarioId; confidence: number }[] = [];
const errors: string[] = [];
for (let fold = 0; fold < k; fold++) {
  const held: { text: string; scenario: ScenarioId }[] = [];
  const scenarios = Object.fromEntries(
    SCENARIO_IDS.map((id) => {
      const s = definition.scenarios.scenarios[id]!;
      const examples = s.examples.filter((text, i) => {
        if (i % k === fold) held.push({ text, scenario: id });
        return i % k !== fold;
      });
      return [id, { ...s, examples }];
    }),
  );
  const def: NluDefinition = { ...definition, scenarios: { ...definition.scenarios, scenarios } } as NluDefinition;
  const nlu = new NluUnderstander(def, {
    classifier: { folds: 0, ...(JSON.parse(process.env.NLU_CV_OPTIONS ?? '{}') as object) },
  });
  for (const h of held) {
    const p = nlu.parseLocal(h.text).scenario;
    predictions.push({ expected: h.scenario, predicted: p.name, confidence: p.confidence });
    if (p.name !== h.scenario) errors.push(`${h.scenario} → ${p.name}  ${JSON.stringify(h.text)}`);
  }
}
const report = classificationReport(SCENARIO_IDS, predictions);
process.stdout.write(
  `cv:nlu ${k}-fold on ${report.total} training examples: accuracy ${report.accuracy.toFixed(3)}  macro-F1 ${report.macroF1.toFixed(3)}\n`,
);
for (const c of report.classes)
  process.stdout.write(`  ${c.label.padEnd(18)} recall ${c.recall.toFixed(3)}  precision ${c.precision.toFixed(3)}\n`);
if (args.errors) process.stdout.write(`${errors.join('\n')}\n`);
