/**
 * Demo data put into an empty sandbox on first start: a demo buyer with an order for each refund
 * scenario (times relative to the moment of seeding) and another buyer's order for ownership checks.
 * Order numbers are fixed so the README can list them.
 */
import type { Order } from '../../../src/ports/platform.js';
import type { SandboxPlatform } from './sandbox.js';
import type { SandboxOrderInput, SandboxTicketInput } from './schemas.js';

export const DEMO_BUYER = { buyerId: 'demo-buyer', contact: 'demo@example.com' } as const;
export const OTHER_BUYER = { buyerId: 'other-buyer', contact: 'other@example.com' } as const;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface DemoCase {
  orderNo: string;
  /** What to try with it (also the README table). */
  try: string;
  order: (at: (msAgo: number) => string) => Omit<SandboxOrderInput, 'orderNo'>;
  ticket?: (at: (msAgo: number) => string) => Omit<SandboxTicketInput, 'orderNo'>;
}

const steamCard = {
  sku: 'GC-STEAM-100',
  name: 'Steam 钱包充值卡 100 元',
  kind: 'game_card',
  deliveryMode: 'auto',
  promiseHours: 0.5,
  noReasonDays: 0,
} as const;

export const DEMO_CASES: readonly DemoCase[] = [
  {
    orderNo: 'KM20261118000101',
    try: 'not_delivered, past the promised 2 hours → eligible (RP-03)',
    order: (at) => ({
      product: {
        sku: 'TOPUP-GENSHIN-648',
        name: '原神 创世结晶 6480 代充',
        kind: 'virtual_currency',
        deliveryMode: 'manual',
        promiseHours: 2,
        noReasonDays: 0,
      },
      amount: 648,
      paymentChannel: 'wechat',
      status: 'delivering',
      paidAt: at(6 * HOUR),
      deliveredAt: null,
    }),
  },
  {
    orderNo: 'KM20261118000102',
    try: 'not_delivered, still within the promised 24 hours → too_early',
    order: (at) => ({
      product: {
        sku: 'TOPUP-QQ-VIP-12',
        name: 'QQ 会员 12 个月 代充',
        kind: 'membership',
        deliveryMode: 'manual',
        promiseHours: 24,
        noReasonDays: 0,
      },
      amount: 120,
      paymentChannel: 'alipay',
      status: 'delivering',
      paidAt: at(1 * HOUR),
      deliveredAt: null,
    }),
  },
  {
    orderNo: 'KM20261118000103',
    try: 'duplicate_charge: the platform shows two charges → eligible (RP-04)',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'wechat',
      status: 'delivered',
      paidAt: at(3 * HOUR),
      deliveredAt: at(3 * HOUR),
      charges: [
        { txnId: '4200001234202611180001', amount: 100, at: at(3 * HOUR) },
        { txnId: '4200001234202611180002', amount: 100, at: at(3 * HOUR - 40_000) },
      ],
    }),
  },
  {
    orderNo: 'KM20261118000104',
    try: 'defective: "the code is invalid" → needs_review, asks for an error screenshot (RP-05); no_reason here → not_eligible',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'alipay',
      status: 'delivered',
      paidAt: at(2 * HOUR),
      deliveredAt: at(2 * HOUR),
    }),
  },
  {
    orderNo: 'KM20261118000105',
    try: 'wrong_item: "I got the wrong region / denomination" → needs_review (RP-06)',
    order: (at) => ({
      product: {
        sku: 'GC-PSN-HK-200',
        name: 'PSN 港服 点卡 200 港币',
        kind: 'game_card',
        deliveryMode: 'auto',
        promiseHours: 0.5,
        noReasonDays: 0,
      },
      amount: 182,
      paymentChannel: 'alipay',
      status: 'delivered',
      paidAt: at(5 * HOUR),
      deliveredAt: at(5 * HOUR),
    }),
  },
  {
    orderNo: 'KM20261118000106',
    try: 'not_as_described: "终身会员" turned out to be a 30-day trial → needs_review (RP-07)',
    order: (at) => ({
      product: {
        sku: 'VIP-VIDEO-LIFE',
        name: '某视频 终身会员 账号',
        kind: 'membership',
        deliveryMode: 'auto',
        promiseHours: 1,
        noReasonDays: 0,
      },
      amount: 88,
      paymentChannel: 'wechat',
      status: 'delivered',
      paidAt: at(2 * DAY),
      deliveredAt: at(2 * DAY),
    }),
  },
  {
    orderNo: 'KM20261118000107',
    try: 'no_reason: product allows 7-day no-reason refunds, not activated → eligible (RP-08)',
    order: (at) => ({
      product: {
        sku: 'SW-OFFICE-KEY',
        name: 'Office 家庭版 激活密钥',
        kind: 'software_license',
        deliveryMode: 'auto',
        promiseHours: 1,
        noReasonDays: 7,
      },
      amount: 199,
      paymentChannel: 'alipay',
      status: 'delivered',
      paidAt: at(1 * DAY),
      deliveredAt: at(1 * DAY),
      activatedAt: null,
    }),
  },
  {
    orderNo: 'KM20261118000108',
    try: 'used_goods: the licence was activated, buyer changed their mind → not_eligible (RP-09, LAW-CPL-25)',
    order: (at) => ({
      product: {
        sku: 'SW-WIN-PRO',
        name: 'Windows 11 专业版 激活密钥',
        kind: 'software_license',
        deliveryMode: 'auto',
        promiseHours: 1,
        noReasonDays: 7,
      },
      amount: 159,
      paymentChannel: 'bank_card',
      status: 'delivered',
      paidAt: at(3 * DAY),
      deliveredAt: at(3 * DAY),
      activatedAt: at(3 * DAY - 2 * HOUR),
    }),
  },
  {
    orderNo: 'KM20261118000109',
    try: 'supplier_refused: the supplier refused, buyer asks the platform to step in → needs_review (RP-13)',
    order: (at) => ({
      product: {
        sku: 'GC-NETEASE-50',
        name: '网易一卡通 50 元',
        kind: 'game_card',
        deliveryMode: 'auto',
        promiseHours: 0.5,
        noReasonDays: 0,
      },
      amount: 50,
      paymentChannel: 'balance',
      status: 'delivered',
      paidAt: at(4 * DAY),
      deliveredAt: at(4 * DAY),
      supplierId: 'supplier-017',
    }),
  },
  {
    orderNo: 'KM20261118000110',
    try: 'appeal: a defective-code ticket was rejected 2 days ago → needs_review (RP-15)',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'wechat',
      status: 'delivered',
      paidAt: at(6 * DAY),
      deliveredAt: at(6 * DAY),
    }),
    ticket: (at) => ({ scenario: 'defective', status: 'rejected', createdAt: at(5 * DAY), decidedAt: at(2 * DAY) }),
  },
  {
    orderNo: 'KM20261118000111',
    try: 'appeal too late: rejected 10 days ago → not_eligible, outside channels (RP-15, RP-16)',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'alipay',
      status: 'delivered',
      paidAt: at(14 * DAY),
      deliveredAt: at(14 * DAY),
    }),
    ticket: (at) => ({ scenario: 'defective', status: 'rejected', createdAt: at(13 * DAY), decidedAt: at(10 * DAY) }),
  },
  {
    orderNo: 'KM20261118000112',
    try: 'refund_status: refund approved yesterday, money not back yet (RP-14, RP-18)',
    order: (at) => ({
      product: {
        sku: 'TOPUP-GENSHIN-328',
        name: '原神 创世结晶 3280 代充',
        kind: 'virtual_currency',
        deliveryMode: 'manual',
        promiseHours: 2,
        noReasonDays: 0,
      },
      amount: 328,
      paymentChannel: 'bank_card',
      status: 'delivering',
      paidAt: at(3 * DAY),
      deliveredAt: null,
    }),
    ticket: (at) => ({ scenario: 'not_delivered', status: 'approved', createdAt: at(2 * DAY), decidedAt: at(1 * DAY) }),
  },
  {
    orderNo: 'KM20261118000113',
    try: 'refund_status: an open ticket under review (asks where it stands, RP-12)',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'wechat',
      status: 'delivered',
      paidAt: at(1 * DAY),
      deliveredAt: at(1 * DAY),
    }),
    ticket: (at) => ({ scenario: 'defective', status: 'open', createdAt: at(20 * HOUR) }),
  },
  {
    orderNo: 'KM20261118000114',
    try: 'refund_status: already refunded to the platform balance',
    order: (at) => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'balance',
      status: 'refunded',
      paidAt: at(5 * DAY),
      deliveredAt: null,
    }),
    ticket: (at) => ({ scenario: 'not_delivered', status: 'refunded', createdAt: at(5 * DAY), decidedAt: at(4 * DAY) }),
  },
  {
    orderNo: 'KM20261118000115',
    try: 'not_delivered on an unpaid order: the platform shows no payment → asks for payment_proof',
    order: () => ({
      product: steamCard,
      amount: 100,
      paymentChannel: 'wechat',
      status: 'pending_payment',
      paidAt: null,
      deliveredAt: null,
      charges: [],
    }),
  },
];

export const OTHER_BUYER_ORDER_NO = 'KM20261118000201';

/** Seeds once per sandbox database; returns the orders created (none when already seeded). */
export function seedSandbox(sandbox: SandboxPlatform, now: Date = new Date()): Order[] {
  if (sandbox.meta('seeded_at')) return [];
  const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
  return sandbox.transaction(() => {
    const orders: Order[] = [];
    for (const demo of DEMO_CASES) {
      orders.push(sandbox.createOrder({ ...demo.order(at), ...DEMO_BUYER, orderNo: demo.orderNo }));
      if (demo.ticket) sandbox.createTicketAs({ ...demo.ticket(at), orderNo: demo.orderNo });
    }
    orders.push(
      sandbox.createOrder({
        ...OTHER_BUYER,
        orderNo: OTHER_BUYER_ORDER_NO,
        product: steamCard,
        amount: 100,
        status: 'delivered',
        paidAt: at(2 * HOUR),
        deliveredAt: at(2 * HOUR),
      }),
    );
    sandbox.setMeta('seeded_at', now.toISOString());
    return orders;
  });
}
