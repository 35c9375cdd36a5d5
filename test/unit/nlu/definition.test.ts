import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../../src/core/domain.js';
import { DefinitionError, parseDefinition } from '../../../src/definition/load.js';
import { MIN_EXAMPLES_PER_SCENARIO, NluFile, ScenariosFile } from '../../../src/definition/nlu.js';
import { refundDefinition } from './fixture.js';

describe('bots/refund NLU definition', () => {
  it('has every scenario with enough examples', () => {
    const { scenarios } = refundDefinition().scenarios;
    for (const id of SCENARIO_IDS) expect(scenarios[id]?.examples.length).toBeGreaterThanOrEqual(60);
  });

  it('compiles the order-number pattern from data', () => {
    expect(new RegExp(refundDefinition().nlu.entities.order_no.pattern).test('KM20261118004217')).toBe(true);
  });
});

describe('a bad definition file', () => {
  const fail = (source: string, schema: typeof ScenariosFile | typeof NluFile) => {
    try {
      parseDefinition('bots/x/file.yaml', source, schema);
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      return (err as DefinitionError).message;
    }
    throw new Error('expected a DefinitionError');
  };

  it('names the file and the path of the problem', () => {
    const examples = Array.from({ length: MIN_EXAMPLES_PER_SCENARIO }, (_, i) => `  - example ${i}`).join('\n');
    const scenario = (id: string) =>
      `  ${id}:\n    description: {zh: 中, en: en}\n    examples:\n  ${examples.replaceAll('\n', '\n  ')}`;
    const source = `version: 1\nscenarios:\n${SCENARIO_IDS.filter((id) => id !== 'appeal')
      .map(scenario)
      .join('\n')}\n`;
    const message = fail(source, ScenariosFile);
    expect(message).toContain('bots/x/file.yaml');
    expect(message).toContain('scenarios.appeal: scenario appeal is missing');
  });

  it('rejects too few examples, unknown scenarios and invalid YAML', () => {
    expect(
      fail(
        'version: 1\nscenarios:\n  not_delivered:\n    description: {zh: a, en: b}\n    examples: [x]\n',
        ScenariosFile,
      ),
    ).toContain('scenarios.not_delivered.examples');
    expect(fail('version: 1\nscenarios:\n  refund_now: {}\n', ScenariosFile)).toContain('refund_now');
    expect(fail('version: [1\n', ScenariosFile)).toContain('not valid YAML');
  });

  it('rejects an invalid pattern in nlu.yaml', () => {
    const source = `version: 1
entities:
  order_no: {pattern: "KM[0-9"}
  txn_id: {patterns: [{name: x, pattern: "[0-9]{20}"}]}
  payment_channel: {values: {wechat: [微信]}}
  product_kind: {values: {other: [话费]}}
  amount: {currencies: {CNY: [元]}}
`;
    expect(fail(source, NluFile)).toContain('entities.order_no.pattern: not a valid regular expression');
  });
});
