/**
 * The held-out stress sets (test/fixtures/nlu-stress*.jsonl): written for this project, never
 * training examples. English, mixed zh/en, slang, typos, Traditional characters, long backstories
 * and each scenario's hard neighbours. Guards generalisation against regressions.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScenarioId } from '../../../src/core/domain.js';
import { trainingExamples } from '../../../src/definition/nlu.js';
import { normaliseText } from '../../../src/nlu/text.js';
import { refundDefinition, trainedUnderstander } from './fixture.js';

const Utterance = z.object({ text: z.string(), scenario: ScenarioId, order_no: z.string().nullable() });
const load = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../fixtures', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Utterance.parse(JSON.parse(line)));

const key = (text: string) => normaliseText(text).folded.replace(/[\p{P}\p{S}\s]/gu, '');

describe('stress sets', () => {
  const nlu = trainedUnderstander();
  const training = new Set(trainingExamples(refundDefinition().scenarios).map((e) => key(e.text)));

  for (const file of ['nlu-stress.jsonl', 'nlu-stress-2.jsonl']) {
    it(`${file}: scenario accuracy ≥ 0.92 and every order number found`, () => {
      const utterances = load(file);
      // Short generic lines ("hi", "转人工") may coincide with training examples; sentences must not.
      const copied = utterances.filter((u) => u.text.length > 8 && training.has(key(u.text)));
      expect(copied).toEqual([]);
      const right = utterances.filter((u) => nlu.parseLocal(u.text).scenario.name === u.scenario).length;
      expect(right / utterances.length).toBeGreaterThanOrEqual(0.92);
      for (const u of utterances.filter((u) => u.order_no !== null)) {
        const found = nlu.parseLocal(u.text).entities.find((e) => e.entity === 'order_no')?.value;
        expect(found, u.text).toBe(nlu.normaliseOrderNo(u.order_no ?? ''));
      }
    });
  }
});
