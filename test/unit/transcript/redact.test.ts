import { describe, expect, it } from 'vitest';
import { luhnValid, redactJson, redactText } from '../../../src/transcript/redact.js';

describe('redaction for viewers', () => {
  it.each([
    ['卡密：ABCD1234EFGH5678 用不了', '卡密：•••••• 用不了', 'card_code'],
    ['我的卡密是 X9K2-PL4M-77QA-ZZ01', '我的卡密是 ••••••', 'card_code'],
    ['激活码 HX82KDL902 提示已被使用', '激活码 •••••• 提示已被使用', 'card_code'],
    ['the code WXYZ-1234-ABCD-9876 is invalid', 'the code •••••• is invalid', 'card_code'],
    ['activation key: 7HG2K9PQ3L', 'activation key: ••••••', 'card_code'],
    ['账号 test@qq.com 密码 abc12345 登不上', '账号 test@qq.com 密码 •••••• 登不上', 'password'],
    ['登录密码是Qwe!2345', '登录密码是••••••', 'password'],
    ['password: hunter2', 'password: ••••••', 'password'],
    ['银行卡 6222 0212 3456 7890 128 扣了两次', '银行卡 **** **** **** 0128 扣了两次', 'bank_card'],
    ['card 4111111111111111 was charged', 'card **** **** **** 1111 was charged', 'bank_card'],
  ])('masks %s', (input, expected, kind) => {
    const r = redactText(input);
    expect(r.text).toBe(expected);
    expect(r.kinds).toContain(kind);
  });

  it.each([
    '订单号 KM20261118004217 没到账',
    'order KM-20261118-004217 not delivered',
    '微信支付单号 4200001234202611180123456789',
    '手机 13800138000',
    '提示密码错误',
    'I need a password reset',
    '金额 30 元，时间 2026-11-18 12:00',
    '卡密无效，无法激活',
    '1234567890123', // 13 digits failing the Luhn check
  ])('leaves %s alone', (input) => {
    expect(redactText(input)).toEqual({ text: input, kinds: [] });
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('redacts every string inside a payload and leaves the original untouched', () => {
    const payload = { text: '卡密 ABCD-EFGH-1234-5678', claims: ['密码: p@ss1'], n: 3 };
    const before = structuredClone(payload);
    const r = redactJson(payload);
    expect(r.value).toEqual({ text: '卡密 ••••••', claims: ['密码: ••••••'], n: 3 });
    expect(r.kinds.sort()).toEqual(['card_code', 'password']);
    expect(payload).toEqual(before);
  });
});
