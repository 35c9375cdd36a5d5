import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/console/redact.js';

describe('redactSecrets', () => {
  it('masks card codes, passwords and bank-card numbers', () => {
    const r = redactSecrets('卡密: ABCD-EFGH-JKLM-NPQR 密码：hunter2pass 卡 6222021234567890123');
    expect(r.text).not.toContain('ABCD-EFGH-JKLM-NPQR');
    expect(r.text).not.toContain('hunter2pass');
    expect(r.text).not.toContain('6222021234567890123');
    expect(r.text).toContain('0123');
    expect(r.masked).toBe(3);
  });

  it('leaves order numbers and ordinary text alone', () => {
    for (const text of [
      '订单 KM20261118004217 没到账，付了 100 元',
      'the code cannot be activated',
      'my key doesnt work',
    ]) {
      expect(redactSecrets(text)).toEqual({ text, masked: 0 });
    }
  });
});
