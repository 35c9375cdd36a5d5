import { readFileSync } from 'node:fs';
import { SCENARIO_IDS } from '../src/core/domain.js';
import { loadNluDefinition } from '../src/definition/nlu.js';
import { classificationReport } from '../src/nlu/metrics.js';
import { NluUnderstander } from '../src/nlu/understander.js';

const def = loadNluDefinition('bots/refund');
const dev = readFileSync('/work/shared/eval/utterances.dev.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const grid = JSON.parse(process.argv[2]!);
for (const g of grid) {
  const nlu = new NluUnderstander(def, { classifier: g });
  const preds = dev.map((d: { text: string; scenario: (typeof SCENARIO_IDS)[number] }) => {
    const p = nlu.parseLocal(d.text);
    return { expected: d.scenario, predicted: p.scenario.name, confidence: p.scenario.confidence };
  });
  const r = classificationReport(SCENARIO_IDS, preds);
  console.log(
    JSON.stringify(g),
    'ms',
    nlu.trainingMs.toFixed(0),
    'T',
    nlu.temperature,
    'acc',
    r.accuracy.toFixed(3),
    'f1',
    r.macroF1.toFixed(3),
    'ece',
    r.ece.toFixed(3),
  );
}
