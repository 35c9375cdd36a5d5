/**
 * OutboundMessage → what Telegram shows. Texts are sent WITHOUT a parse mode: whatever a buyer
 * typed (and the bot quotes back) is shown verbatim and cannot break formatting or inject links.
 */
import type { ClauseId, Lang } from '../../src/core/domain.js';
import type { OutboundMessage, PromptOption } from '../../src/core/messages.js';

/** Telegram's limit for one message text, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramChunk {
  text: string;
  /** Buttons under this chunk (only ever on the last chunk of a message). */
  options?: PromptOption[];
}

/** Splits at paragraph, then line, then word boundaries; never inside a surrogate pair. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = -1;
    for (const separator of ['\n\n', '\n', ' ', '，', '。', ',']) {
      const at = rest.lastIndexOf(separator, limit - separator.length);
      if (at > limit / 2) {
        cut = at + separator.length;
        break;
      }
    }
    if (cut === -1) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** Names as the knowledge base titles them (knowledge/policy, knowledge/law). */
const LAW_NAMES: Record<string, { zh: string; en: string }> = {
  'LAW-7D': {
    zh: '《网络购买商品七日无理由退货暂行办法》',
    en: 'Interim Measures for 7-Day No-Reason Returns of Goods Bought Online',
  },
  'LAW-ECL': { zh: '《电子商务法》', en: 'E-Commerce Law' },
};

/** A clause id in words: RP-03 → 《退款与售后规则》第3条 / Refund and After-Sales Rules §3. */
export function clauseName(id: ClauseId, lang: Lang): string {
  const rule = /^RP-(\d+)$/.exec(id);
  if (rule)
    return lang === 'zh'
      ? `《退款与售后规则》第${Number(rule[1])}条`
      : `Refund and After-Sales Rules §${Number(rule[1])}`;
  const cpl = /^LAW-CPL-(\d+)$/.exec(id);
  if (cpl)
    return lang === 'zh' ? `《消费者权益保护法》第${cpl[1]}条` : `Consumer Rights Protection Law, Article ${cpl[1]}`;
  return LAW_NAMES[id]?.[lang] ?? id;
}

export function citationLine(citations: readonly ClauseId[], lang: Lang): string {
  const names = [...new Set(citations)].map((id) => `${clauseName(id, lang)} (${id})`);
  return lang === 'zh' ? `📖 依据：${names.join('、')}` : `📖 Sources: ${names.join('; ')}`;
}

/** One bot message as Telegram messages: the text (+ sources), split to fit, buttons on the last part. */
export function renderMessage(message: OutboundMessage): TelegramChunk[] {
  const citations = message.citations ?? [];
  const body = citations.length > 0 ? `${message.text}\n\n${citationLine(citations, message.lang)}` : message.text;
  const options = message.expecting?.options ?? [];
  if (body.trim() === '' && options.length === 0) return [];
  const chunks: TelegramChunk[] = splitText(body.trim() === '' ? '👇' : body).map((text) => ({ text }));
  const last = chunks[chunks.length - 1];
  if (options.length > 0 && last) last.options = options;
  return chunks;
}
