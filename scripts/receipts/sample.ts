/**
 * Random but reproducible receipts for the OCR evaluation: what a receipt says (the truth the
 * extraction is scored against) and how it looks (layout, theme, language, size, encoding).
 * Merchant names, numbers and times are invented; no real receipt is copied.
 */

export type Layout = 'wechat' | 'alipay' | 'bank';
export type ReceiptStatus = 'paid' | 'refunded' | 'failed';

export interface ReceiptTruth {
  amount: number;
  currency: 'CNY';
  /** Local time of the receipt, UTC+8, as ISO 8601 with offset. */
  paidAt: string;
  payee: string;
  channel: 'wechat' | 'alipay' | 'bank_card';
  txnId: string;
  status: ReceiptStatus;
  /** The card site's order number, when the receipt shows one. */
  merchantOrderNo: string | null;
}

export interface ReceiptStyle {
  layout: Layout;
  theme: 'light' | 'dark';
  lang: 'zh' | 'en';
  /** CSS pixels and device pixel ratio of the phone screen. */
  width: number;
  dpr: number;
  format: 'jpeg' | 'png';
  quality: number;
  font: string;
  /** Index of the date format used on the receipt. */
  dateStyle: number;
  /** Show a phone status bar (its clock is a decoy time). */
  statusBar: boolean;
  /** Show a discount row (a decoy amount). */
  discount: number | null;
}

export interface ReceiptSample {
  id: string;
  truth: ReceiptTruth;
  style: ReceiptStyle;
}

/** mulberry32: small, fast, good enough to vary test data reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MERCHANTS_ZH = ['星辰数字卡铺', '云端发卡网', '极速卡盟旗舰店', '蓝鲸点卡商城', '小鹿虚拟商品店', '青柠游戏充值'];
const MERCHANTS_EN = ['Starlight Card Shop', 'CloudKey Store', 'Rapid Card Mall', 'BlueWhale Game Cards'];
const PRICES = [6, 9.9, 18, 19.9, 30, 45, 50, 68, 88, 98, 100, 128, 198, 258, 328, 488, 648, 998, 1288, 2588];
const FONTS = ['WenQuanYi Micro Hei', 'Noto Sans CJK SC'];
const WIDTHS = [360, 375, 390, 393, 414, 430];

export function makeSamples(count: number, seed: number): ReceiptSample[] {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const samples: ReceiptSample[] = [];
  for (let i = 0; i < count; i++) {
    const layout: Layout = (['wechat', 'alipay', 'bank'] as const)[i % 3]!;
    const lang = rand() < 0.6 ? 'zh' : 'en';
    const base = pick(PRICES);
    const amount = rand() < 0.3 ? Math.round((base + rand() * 50) * 100) / 100 : base;
    const day = new Date(Date.UTC(2026, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
    const ymd = day.toISOString().slice(0, 10);
    const time = [24, 60, 60].map((n) => String(Math.floor(rand() * n)).padStart(2, '0')).join(':');
    const compact = ymd.replaceAll('-', '');
    const txnId =
      layout === 'wechat'
        ? `4200${digits(24)}`
        : layout === 'alipay'
          ? `${compact}2200${digits(16)}`
          : `${pick(['HX', 'FT', 'QP', ''])}${compact}${digits(10)}`;
    const status: ReceiptStatus = rand() < 0.8 ? 'paid' : rand() < 0.7 ? 'refunded' : 'failed';
    const merchants = lang === 'zh' || rand() < 0.5 ? MERCHANTS_ZH : MERCHANTS_EN;
    samples.push({
      id: `${String(i + 1).padStart(3, '0')}-${layout}`,
      truth: {
        amount,
        currency: 'CNY',
        paidAt: `${ymd}T${time}+08:00`,
        payee: pick(merchants),
        channel: layout === 'bank' ? 'bank_card' : layout,
        txnId,
        status,
        merchantOrderNo: rand() < 0.7 ? `KM${compact}${digits(6)}` : null,
      },
      style: {
        layout,
        theme: rand() < 0.3 ? 'dark' : 'light',
        lang,
        width: pick(WIDTHS),
        dpr: pick([1, 2, 2, 3]),
        format: rand() < 0.8 ? 'jpeg' : 'png',
        quality: pick([45, 60, 75, 85, 95]),
        font: pick(FONTS),
        dateStyle: Math.floor(rand() * 3),
        statusBar: rand() < 0.7,
        discount: rand() < 0.25 ? pick([1, 2, 5, 0.5]) : null,
      },
    });
  }
  return samples;
}

/**
 * Receipts for the conversation tests: the payment the platform has for an order, a second payment
 * for the same order four minutes later (a duplicate charge), and a receipt for another amount.
 */
export function conversationSamples(): ReceiptSample[] {
  const style: ReceiptStyle = {
    layout: 'wechat',
    theme: 'light',
    lang: 'zh',
    width: 390,
    dpr: 2,
    format: 'jpeg',
    quality: 80,
    font: 'WenQuanYi Micro Hei',
    dateStyle: 0,
    statusBar: true,
    discount: null,
  };
  const paid = (txnId: string, paidAt: string, amount = 128): ReceiptTruth => ({
    amount,
    currency: 'CNY',
    paidAt,
    payee: '星辰数字卡铺',
    channel: 'wechat',
    txnId,
    status: 'paid',
    merchantOrderNo: null,
  });
  return [
    { id: 'first-payment', truth: paid('4200002345202611181234567890', '2026-11-18T14:32:07+08:00'), style },
    { id: 'second-payment', truth: paid('4200002345202611181234599999', '2026-11-18T14:36:41+08:00'), style },
    {
      id: 'other-amount',
      truth: { ...paid('2026111722001234567890123456', '2026-11-17T20:05:33+08:00', 98), channel: 'alipay' },
      style: { ...style, layout: 'alipay', theme: 'dark' },
    },
  ];
}
