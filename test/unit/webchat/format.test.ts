import { describe, expect, it } from 'vitest';
import { absoluteClauseLinks, botDraft } from '../../../adapters/webchat/activity.js';
import { botMarkdown, escapeMarkdown, shortName } from '../../../adapters/webchat/format.js';

const RP05 = '《退款与售后规则》第5条（卡密无效、无法激活）';

describe('bot text as Markdown', () => {
  it('keeps paragraphs without empty ones, and line breaks inside a paragraph', () => {
    expect(botMarkdown('第一段\n\n\n\n第二段第一行\n第二行\n\n')).toBe('第一段\n\n第二段第一行\\\n第二行');
  });

  it('escapes everything that could become markup, so any text stays text', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** `code` # h\n1. one';
    const md = botMarkdown(hostile);
    expect(md).not.toMatch(/(^|[^\\])[<[\]`*#]/);
    expect(md).toContain('1\\. one');
    expect(escapeMarkdown('a_b|c~d&e')).toBe('a\\_b\\|c\\~d\\&e');
  });

  it('turns a cited clause into a short link to its text, never nested parentheses', () => {
    const md = botMarkdown(`依据${RP05}，可以申请。`, [
      { id: 'RP-05', label: RP05, href: '/webchat/clauses/RP-05?lang=zh' },
    ]);
    expect(md).toBe(`依据[《退款与售后规则》第5条](/webchat/clauses/RP-05?lang=zh "${RP05}")，可以申请。`);
    expect(shortName('Refund Rules §5 (invalid codes)')).toBe('Refund Rules §5');
    // A clause named only by its id is linked too.
    expect(botMarkdown('see RP-14', [{ id: 'RP-14', label: undefined, href: '/x' }])).toBe('see [RP\\-14](/x "RP-14")');
  });

  it('emphasises ticket ids, order numbers and amounts', () => {
    expect(botMarkdown('工单 TK000123：订单 KM20261118000104 退款 98.5 元，或 ¥12')).toBe(
      '工单 **TK000123**：订单 **KM20261118000104** 退款 **98\\.5 元**，或 **¥12**',
    );
  });

  it('makes clause links absolute when the activity is sent', () => {
    const draft = botDraft(
      { lang: 'zh', text: `依据${RP05}。`, citations: ['RP-05'] },
      { userId: 'u', clauseLabel: () => RP05 },
    );
    const activity = { ...draft, id: 'c|1', timestamp: '', channelId: 'webchat' as const, conversation: { id: 'c' } };
    expect(absoluteClauseLinks(activity, 'https://desk.example.com').text).toContain(
      '](https://desk.example.com/webchat/clauses/RP-05?lang=zh "',
    );
  });

  it('shows a decision as a card: outcome, ticket, amount, then the next step', () => {
    const draft = botDraft(
      {
        lang: 'en',
        text: 'Ticket TK000777 has a decision: the agent accepted your refund.\n\nIt goes back to WeChat Pay.',
        decision: { ticketId: 'TK000777', status: 'approved', amount: 30 },
      },
      { userId: 'u', pushed: true },
    );
    expect(draft.text).toBe('Ticket **TK000777**: Refund accepted');
    expect(draft.channelData).toMatchObject({ pushed: true, decision: { ticketId: 'TK000777', status: 'approved' } });
    const card = JSON.stringify(draft.attachments?.[0]?.content);
    expect(draft.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    for (const part of ['"style":"good"', 'Refund accepted', 'TK000777', 'CNY 30.00', 'goes back to WeChat Pay'])
      expect(card).toContain(part);
  });
});
