import { describe, expect, it } from 'vitest';
import { Featurizer } from '../../../src/nlu/features.js';
import { refundDefinition } from './fixture.js';

const { tokenizer, spelling } = refundDefinition().nlu;
const featurizer = new Featurizer({ words: tokenizer.words, masks: tokenizer.masks, spelling });

describe('Featurizer', () => {
  it('masks order numbers, ticket numbers and long numbers differently', () => {
    expect(featurizer.prepare('km20261118004217 tk20261118000123 4200001234202611181234567890')).toBe('ⓞ ⓜticket ⓝ');
  });

  it('fixes common misspellings before features', () => {
    expect(featurizer.prepare('冲值没到帐，卡蜜呢')).toBe('充值没到账，卡密呢');
  });

  it('marks negated words', () => {
    const features = featurizer.features("i haven't redeemed it");
    expect(features).toContain('n:redeem');
    expect(featurizer.features('the code is unredeemed')).toContain('n:redeem');
    expect(featurizer.features('i redeemed it')).not.toContain('n:redeem');
    expect(featurizer.features('不是没到账，是用不了')).toContain('n:没到账');
  });

  it('reads a negated word as its own feature, not as the word', () => {
    const features = featurizer.features('i never got a code');
    expect(features).toContain('n:got');
    expect(features).not.toContain('w:got');
    expect(featurizer.features('i got a code')).toContain('w:got');
  });

  it('takes contractions typed without the apostrophe as negation', () => {
    expect(featurizer.features('it doesnt redeem')).toContain('n:redeem');
    expect(featurizer.features('havent used it')).toContain('n:used');
  });

  it('keeps domain words whole', () => {
    expect(featurizer.features('卡密没到账 激活码')).toEqual(
      expect.arrayContaining(['w:卡密', 'w:没到账', 'w:激活码']),
    );
  });
});
