/** A small scripted bot standing in for the dialog: order number → scenario → upload → confirm → ticket. */
import type { Bot, InboundMessage, OutboundMessage } from '../../../src/core/messages.js';

export class ScriptedBot implements Bot {
  readonly received: InboundMessage[] = [];
  tickets = 0;

  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    this.received.push(message);
    const text = (message.text ?? '').trim();
    if (message.attachments && message.attachments.length > 0) {
      return [
        {
          lang: 'zh',
          text: `已收到 ${message.attachments.length} 个文件。确认提交售后申请吗？`,
          expecting: { slot: 'confirm', options: [{ title: '确认提交', payload: '/confirm' }] },
        },
      ];
    }
    if (text === '/confirm') {
      this.tickets += 1;
      const ticketId = `TK${String(this.tickets).padStart(6, '0')}`;
      return [{ lang: 'zh', text: `已为您提交工单 ${ticketId}，审核需要 1–3 个工作日。`, citations: ['RP-12'] }];
    }
    if (text === '/scenario defective') {
      return [
        {
          lang: 'zh',
          text: '根据《退款规则》第5条，请上传卡密报错的截图。',
          expecting: {
            slot: 'evidence',
            evidenceKind: 'error_screenshot',
            options: [{ title: '没有截图', payload: '/no_evidence' }],
          },
          citations: ['RP-05'],
        },
      ];
    }
    if (/KM\d{14}/i.test(text)) {
      return [
        {
          lang: 'zh',
          text: '找到您的订单了。请问遇到了什么问题？',
          expecting: {
            slot: 'scenario',
            options: [
              { title: '一直没到账', payload: '/scenario not_delivered' },
              { title: '卡密无效', payload: '/scenario defective' },
            ],
          },
        },
      ];
    }
    return [{ lang: 'zh', text: '您好！请告诉我您的订单号（KM 开头）。', expecting: { slot: 'order_no' } }];
  }
}
