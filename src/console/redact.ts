/**
 * Masking for display: the transcript module's rules (card codes 卡密, passwords, bank-card numbers).
 * The stored transcript never changes; an agent may reveal, and the reveal is logged.
 */
import { redactText } from '../transcript/redact.js';

export type Redactor = (text: string) => { text: string; masked: number };

export const redactSecrets: Redactor = (input) => {
  const r = redactText(input);
  return { text: r.text, masked: r.kinds.length };
};
