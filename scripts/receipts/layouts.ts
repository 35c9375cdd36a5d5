/**
 * HTML imitating the payment-record screens buyers screenshot: a WeChat Pay bill, an Alipay bill and
 * a bank app's transaction detail. Look-alikes drawn with CSS only (no logos or assets of the real
 * apps), in light and dark, Chinese and English.
 */
import type { ReceiptSample, ReceiptStatus, ReceiptStyle, ReceiptTruth } from './sample.js';

type Row = [label: string, value: string];

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function money(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function shownTime(t: ReceiptTruth, style: ReceiptStyle): string {
  const [ymd = '', rest = ''] = t.paidAt.split('T');
  const hms = rest.slice(0, 8);
  const [y, m, d] = ymd.split('-');
  if (style.lang === 'zh') {
    return [`${y}年${m}月${d}日 ${hms}`, `${ymd} ${hms}`, `${y}/${m}/${d} ${hms}`][style.dateStyle]!;
  }
  const month = MONTHS[Number(m) - 1];
  return [`${ymd} ${hms}`, `${month} ${Number(d)}, ${y} ${hms}`, `${Number(d)} ${month} ${y}, ${hms}`][
    style.dateStyle
  ]!;
}

const STATUS: Record<ReceiptSample['style']['layout'], Record<'zh' | 'en', Record<ReceiptStatus, string>>> = {
  wechat: {
    zh: { paid: '支付成功', refunded: '已全额退款', failed: '支付失败' },
    en: { paid: 'Payment successful', refunded: 'Fully refunded', failed: 'Payment failed' },
  },
  alipay: {
    zh: { paid: '交易成功', refunded: '退款成功', failed: '交易失败' },
    en: { paid: 'Completed', refunded: 'Refunded', failed: 'Failed' },
  },
  bank: {
    zh: { paid: '交易成功', refunded: '已退款', failed: '交易失败' },
    en: { paid: 'Successful', refunded: 'Refunded', failed: 'Failed' },
  },
};

function rows(sample: ReceiptSample): { title: string; rows: Row[]; amountLine: string; status: string } {
  const { truth: t, style } = sample;
  const zh = style.lang === 'zh';
  const status = STATUS[style.layout][style.lang][t.status];
  const amount = money(t.amount);
  const time = shownTime(t, style);
  const discount: Row[] = style.discount
    ? [
        [zh ? '订单金额' : 'Order amount', `¥${money(t.amount + style.discount)}`],
        [zh ? '优惠' : 'Discount', `-¥${money(style.discount)}`],
      ]
    : [];
  const order: Row[] = t.merchantOrderNo
    ? [[zh ? (style.layout === 'alipay' ? '商家订单号' : '商户单号') : 'Merchant order no.', t.merchantOrderNo]]
    : [];
  if (style.layout === 'wechat') {
    return {
      title: zh ? '账单详情' : 'Transaction Details',
      amountLine: `-${amount}`,
      status: zh ? `当前状态  ${status}` : `Status  ${status}`,
      rows: [
        ...discount,
        [zh ? '支付时间' : 'Payment time', time],
        [zh ? '商品' : 'Item', zh ? '游戏点卡' : 'Game card'],
        [zh ? '商户全称' : 'Merchant', t.payee],
        [zh ? '支付方式' : 'Payment method', zh ? '零钱' : 'Balance'],
        [zh ? '交易单号' : 'Transaction ID', t.txnId],
        ...order,
      ],
    };
  }
  if (style.layout === 'alipay') {
    return {
      title: zh ? '账单详情' : 'Bill Details',
      amountLine: `-${amount}`,
      status,
      rows: [
        ...discount,
        [zh ? '支付时间' : 'Payment time', time],
        [zh ? '付款方式' : 'Paid with', zh ? '余额宝' : 'Yu’e Bao'],
        [zh ? '商品说明' : 'Description', zh ? '会员充值' : 'Membership top-up'],
        [zh ? '收款方全称' : 'Payee', t.payee],
        [zh ? '订单号' : 'Transaction No.', t.txnId],
        ...order,
      ],
    };
  }
  return {
    title: zh ? '交易详情' : 'Transaction detail',
    amountLine: zh ? `-${amount} 人民币` : `CNY -${amount}`,
    status,
    rows: [
      [zh ? '交易时间' : 'Date', time],
      [zh ? '交易类型' : 'Type', zh ? '快捷支付' : 'Quick payment'],
      [zh ? '对方户名' : 'Counterparty', t.payee],
      [zh ? '付款卡号' : 'Card', zh ? '储蓄卡 尾号 6217' : 'Debit card ending 6217'],
      [zh ? '交易流水号' : 'Reference No.', t.txnId],
      [zh ? '交易状态' : 'Status', status],
      ...order,
    ],
  };
}

export function receiptHtml(sample: ReceiptSample): string {
  const { style } = sample;
  const dark = style.theme === 'dark';
  const accent = { wechat: '#07c160', alipay: '#1677ff', bank: '#c8102e' }[style.layout];
  const bg = dark ? '#111111' : style.layout === 'bank' ? '#f4f5f7' : '#ffffff';
  const fg = dark ? '#e6e6e6' : '#191919';
  const muted = dark ? '#8a8a8a' : '#888888';
  const card = dark ? '#1c1c1e' : '#ffffff';
  const r = rows(sample);
  const payee = sample.truth.payee;
  const statusBar = style.statusBar
    ? `<div class="sb"><span>${String(9 + (sample.id.length % 3))}:4${sample.id.length % 10}</span><span>5G ▮▮▮ 87%</span></div>`
    : '';
  const head =
    style.layout === 'bank'
      ? `<div class="bankname">${style.lang === 'zh' ? '示例银行' : 'Example Bank'}</div>`
      : `<div class="logo">${esc(payee.slice(0, 1))}</div><div class="payee">${esc(payee)}</div>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; width: ${style.width}px; background: ${bg}; color: ${fg};
         font-family: '${style.font}', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; }
  .sb { display: flex; justify-content: space-between; padding: 6px 18px; font-size: 13px; font-weight: 600; }
  .nav { text-align: center; padding: 10px; font-size: 16px; border-bottom: 1px solid ${dark ? '#2a2a2a' : '#eeeeee'}; }
  .top { text-align: center; padding: 26px 16px 18px; background: ${card}; }
  .logo { width: 44px; height: 44px; border-radius: 22px; margin: 0 auto 8px; background: ${accent}; color: #fff;
          line-height: 44px; font-size: 20px; }
  .payee { font-size: 16px; }
  .bankname { font-size: 15px; color: ${accent}; font-weight: 600; margin-bottom: 6px; }
  .amount { font-size: 34px; font-weight: 600; margin: 10px 0 6px; letter-spacing: 0.5px; }
  .status { font-size: 14px; color: ${muted}; }
  .rows { background: ${card}; margin-top: ${style.layout === 'bank' ? 10 : 0}px; padding: 4px 16px 16px; }
  .row { display: flex; justify-content: space-between; gap: 16px; padding: 9px 0; font-size: 14px; }
  .row .l { color: ${muted}; white-space: nowrap; }
  .row .v { text-align: right; word-break: break-all; }
  .foot { text-align: center; color: ${accent}; font-size: 14px; padding: 18px; }
  </style></head><body>
  ${statusBar}
  <div class="nav">${esc(r.title)}</div>
  <div class="top">${head}<div class="amount">${esc(r.amountLine)}</div><div class="status">${esc(r.status)}</div></div>
  <div class="rows">${r.rows
    .map(([l, v]) => `<div class="row"><span class="l">${esc(l)}</span><span class="v">${esc(v)}</span></div>`)
    .join('')}</div>
  <div class="foot">${style.lang === 'zh' ? '对订单有疑惑' : 'Questions about this order'}</div>
  </body></html>`;
}
