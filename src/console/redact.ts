/**
 * Masks secrets in buyer text for display (card codes 卡密, passwords, full bank-card numbers).
 * The stored transcript is never changed; an agent may reveal, and the reveal is logged.
 * Interim rules until the transcript module's redaction is wired in (see app/console.ts).
 */
export type Redactor = (text: string) => { text: string; masked: number };

const KEYWORD_SECRET =
  /((?:卡密|卡号|激活码|兑换码|序列号|密码|card\s*code|code|key|serial|password|pwd)\s*(?:是|为|[:：=])?\s*)([A-Za-z0-9][A-Za-z0-9-]{5,63})/giu;
const STRONG_KEYWORD = /卡密|密码|password|pwd/i;
const GROUPED_CODE = /\b[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){2,7}\b/gi;
const BANK_CARD = /\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?:[ -]?\d{1,3})?\b/g;

const maskMiddle = (s: string) =>
  s.length <= 4 ? '•'.repeat(s.length) : `${s.slice(0, 2)}${'•'.repeat(s.length - 4)}${s.slice(-2)}`;
const maskCard = (s: string) => `${s.slice(0, -4).replace(/\d/g, '•')}${s.slice(-4)}`;

export const redactSecrets: Redactor = (input) => {
  let masked = 0;
  const text = input
    .replace(BANK_CARD, (m) => {
      masked += 1;
      return maskCard(m);
    })
    .replace(GROUPED_CODE, (m) => {
      masked += 1;
      return maskMiddle(m);
    })
    .replace(KEYWORD_SECRET, (m, lead: string, secret: string) => {
      // After words like "code" or "key" only something with a digit is a secret ("the code cannot…" is not).
      if (secret.includes('•') || (!/\d/.test(secret) && !STRONG_KEYWORD.test(lead))) return m;
      masked += 1;
      return `${lead}${maskMiddle(secret)}`;
    });
  return { text, masked };
};

export const noRedaction: Redactor = (text) => ({ text, masked: 0 });
