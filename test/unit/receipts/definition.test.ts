import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition } from '../../../src/definition/load.js';
import { crossCheckReceipts, ReceiptsFile } from '../../../src/definition/receipts.js';
import { receiptDefinition } from './fixture.js';

const source = readFileSync(resolve(import.meta.dirname, '../../../bots/refund/receipts.yaml'), 'utf8');
const problem = (yaml: string): string => {
  try {
    parseDefinition('bots/x/receipts.yaml', yaml, ReceiptsFile);
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as DefinitionError).message;
  }
  throw new Error('expected a DefinitionError');
};

describe('bots/refund/receipts.yaml', () => {
  it('loads, with a layout for each channel a buyer pays with', () => {
    const def = receiptDefinition();
    expect(def.layouts.map((l) => l.channel).sort()).toEqual(['alipay', 'bank_card', 'wechat']);
    expect(crossCheckReceipts(def.file)).toEqual([]);
  });

  it('a broken pattern stops start-up naming the file and path', () => {
    const message = problem(source.replace('txnId: "4\\\\d{27}"', 'txnId: "4(\\\\d{27}"'));
    expect(message).toContain('bots/x/receipts.yaml');
    expect(message).toContain('layouts.0.txnId: not a valid regular expression');
  });

  it('a date format without its groups is refused', () => {
    const message = problem(source.replace('(?<H>', '(?<X>'));
    expect(message).toMatch(/timeFormats\.0: needs groups H/);
  });

  it('a label claimed by two fields is refused', () => {
    const file = parseDefinition('r.yaml', source, ReceiptsFile);
    file.labels.payee.push('交易单号');
    expect(crossCheckReceipts(file)).toEqual(['labels.txnId: "交易单号" is also a label of payee']);
  });

  it('unknown keys are refused', () => {
    expect(problem(`${source}\nsurprise: 1\n`)).toContain('Unrecognized key');
  });
});
