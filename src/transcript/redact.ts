/**
 * Masks secrets a buyer may paste into a chat before a viewer sees them: card codes (卡密),
 * account passwords and full bank-card numbers. Rendering only: stored entries keep the original
 * (the chain covers it), and an agent can ask to reveal.
 */
import type { JsonValue } from '../core/json.js';

export type RedactionKind = 'card_code' | 'password' | 'bank_card';

export interface Redacted {
  text: string;
  kinds: RedactionKind[];
}

const MASK = '••••••';

/** Words that introduce a card code; the value follows after an optional 是/为/:/＝. */
const CODE_WORDS =
  '卡密|卡号|激活码|兑换码|充值码|序列号|授权码|注册码|密钥|秘钥|cd-?key|cdk|card\\s*(?:code|number|no\\.?)|redeem(?:ption)?\\s*code|activation\\s*(?:code|key)|licen[cs]e\\s*key|serial(?:\\s*(?:number|no\\.?))?|gift\\s*card\\s*code|pin';
const PASSWORD_WORDS = '登录密码|账号密码|账户密码|支付密码|密码|口令|pass(?:word|wd)?|pwd';
const SEPARATOR = '\\s*(?:是|为|[:：=＝]|\\bis\\b)?\\s*';

const codeAfterWord = new RegExp(`((?:${CODE_WORDS})(?![A-Za-z])${SEPARATOR})([A-Za-z0-9][A-Za-z0-9-]{5,63})`, 'giu');
const passwordAfterWord = new RegExp(`((?:${PASSWORD_WORDS})(?![A-Za-z])${SEPARATOR})([\\x21-\\x7E]{1,64})`, 'giu');
const EXPLICIT = /[是为:：=＝]|\bis\b/u;
/** Codes printed in dash-separated groups, e.g. ABCD-EFGH-IJKL-MNOP, with or without a keyword. */
const groupedCode = /(?<![A-Za-z0-9])[A-Za-z0-9]{4,6}(?:-[A-Za-z0-9]{4,6}){2,7}(?![A-Za-z0-9])/gu;
/** 13–19 digits, optionally grouped by spaces or dashes, not part of a longer number or id. */
const digitRun = /(?<![A-Za-z0-9])\d(?:[ -]?\d){12,18}(?![A-Za-z0-9])/gu;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function redactText(text: string): Redacted {
  const kinds = new Set<RedactionKind>();
  let out = text.replace(digitRun, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return run;
    kinds.add('bank_card');
    return `**** **** **** ${digits.slice(-4)}`;
  });
  out = out.replace(passwordAfterWord, (m, lead: string, value: string) => {
    // "password reset" is talk about a password; "password: hunter2" or "password x9!k" is one.
    if (!EXPLICIT.test(lead) && /^[A-Za-z]+$/.test(value)) return m;
    kinds.add('password');
    return `${lead}${MASK}`;
  });
  out = out.replace(codeAfterWord, (m, lead: string, value: string) => {
    // A value the bank-card rule already masked, or a plain word with no digit, is left alone.
    if (!/\d/.test(value) && !/^[A-Z0-9-]+$/.test(value)) return m;
    kinds.add('card_code');
    return `${lead}${MASK}`;
  });
  out = out.replace(groupedCode, (code) => {
    if (!/\d/.test(code) && !/[A-Z]/.test(code)) return code;
    kinds.add('card_code');
    return MASK;
  });
  return { text: out, kinds: [...kinds] };
}

/** Redacts every string inside a JSON value (keys stay). */
export function redactJson(value: JsonValue): { value: JsonValue; kinds: RedactionKind[] } {
  const kinds = new Set<RedactionKind>();
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') {
      const r = redactText(v);
      for (const k of r.kinds) kinds.add(k);
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return { value: out, kinds: [...kinds] };
}
