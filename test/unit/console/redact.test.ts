import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/console/redact.js';

describe('redactSecrets (the transcript module rules, as the console uses them)', () => {
  it('masks card codes, passwords and bank-card numbers', () => {
    const r = redactSecrets('卡密: ABCD-EFGH-JKLM-NPQR 密码：hunter2pass 卡 4111 1111 1111 1111');
    expect(r.text).not.toContain('ABCD-EFGH-JKLM-NPQR');
    expect(r.text).not.toContain('hunter2pass');
    expect(r.text).not.toContain('4111 1111 1111 1111');
    expect(r.text).toContain('1111');
    expect(r.masked).toBeGreaterThan(0);
  });

  it('leaves order numbers and ordinary text alone', () => {
    for (const text of ['订单 KM20261118004217 没到账，付了 100 元', 'the code cannot be activated']) {
      expect(redactSecrets(text)).toEqual({ text, masked: 0 });
    }
  });
});
