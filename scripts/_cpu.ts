import { loadNluDefinition } from '../src/definition/nlu.js';
import { NluUnderstander } from '../src/nlu/understander.js';

const def = loadNluDefinition('bots/refund');
for (let i = 0; i < 2; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const nlu = new NluUnderstander(def, { classifier: { folds: 3 } });
  const c = process.cpuUsage(c0);
  console.log(
    'wall',
    (performance.now() - t0).toFixed(0),
    'cpu user+sys',
    ((c.user + c.system) / 1000).toFixed(0),
    nlu.temperature,
  );
}
