/** The real bot definition, trained once per test file (calibration folds off unless asked for). */
import { resolve } from 'node:path';
import { loadNluDefinition, type NluDefinition } from '../../../src/definition/nlu.js';
import { type NluOptions, NluUnderstander } from '../../../src/nlu/understander.js';

export const BOT_DIR = resolve(import.meta.dirname, '../../../bots/refund');

let definition: NluDefinition | undefined;
export function refundDefinition(): NluDefinition {
  definition ??= loadNluDefinition(BOT_DIR);
  return definition;
}

export function trainedUnderstander(options: NluOptions = {}): NluUnderstander {
  return new NluUnderstander(refundDefinition(), { classifier: { folds: 0 }, ...options });
}

/** Thursday 2026-11-26 12:00 UTC = 20:00 in UTC+8. */
export const NOW = new Date('2026-11-26T12:00:00Z');
