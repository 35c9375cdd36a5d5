/** The few things the Telegram channel says itself (everything else comes from the bot). */
import type { Lang } from '../../src/core/domain.js';

export const FILE_LIMIT_BYTES = 20 * 1024 * 1024;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export const texts = {
  welcome: {
    zh: '您好，这里是退款客服。请直接描述您遇到的问题（例如“付款了但没收到卡密”），或发送订单号。',
    en: 'Hello, this is the refund desk. Tell me what went wrong (for example "I paid but got no code") or send your order number.',
  },
  linked: {
    zh: '已将此 Telegram 账号与您在卡网的账号关联。请描述您遇到的问题，或发送订单号。发送 /unlink 可随时解除关联。',
    en: 'This Telegram account is now linked to your account on the card site. Tell me what went wrong or send your order number. Send /unlink to remove the link at any time.',
  },
  linkUnknown: {
    zh: '这个关联链接无效。请回到卡网的订单页面重新获取链接；您也可以直接描述问题，我会用下单时的联系方式核实订单。',
    en: 'This link is not valid. Please get a new link from the card site; you can also just describe the problem and I will check the order with the contact you used at checkout.',
  },
  linkExpired: {
    zh: '这个关联链接已过期或已被使用。请回到卡网重新获取链接；您也可以直接描述问题，我会用下单时的联系方式核实订单。',
    en: 'This link has expired or was already used. Please get a new one from the card site; you can also just describe the problem and I will check the order with the contact you used at checkout.',
  },
  unlinked: {
    zh: '已解除此 Telegram 账号与卡网账号的关联。',
    en: 'This Telegram account is no longer linked to your card-site account.',
  },
  notLinked: {
    zh: '此 Telegram 账号目前没有关联任何卡网账号。',
    en: 'This Telegram account is not linked to a card-site account.',
  },
  privateOnly: {
    zh: '为保护您的订单信息，请私聊我办理退款。',
    en: 'To keep your order details private, please talk to me in a private chat.',
  },
  unsupported: {
    zh: '我能读取文字、图片和文件（图片或 PDF）。请用文字描述，或把截图作为图片发送。',
    en: 'I can read text, photos and files (images or PDF). Please write to me, or send the screenshot as a photo.',
  },
  alreadyChosen: { zh: '已选择', en: 'Already chosen' },
  failed: {
    zh: '抱歉，处理您的消息时出错了，请稍后再发一次。',
    en: 'Sorry, something went wrong handling your message. Please send it again in a moment.',
  },
  downloadFailed: {
    zh: '抱歉，文件没能下载下来，请重新发送一次。',
    en: 'Sorry, I could not download that file. Please send it again.',
  },
  tooLarge: (bytes: number | undefined) => ({
    zh: `这个文件${bytes ? `（${mb(bytes)} MB）` : ''}超过了 Telegram 允许机器人下载的 20 MB 上限，我收不到它。请发送压缩后的截图，或只截取关键部分。`,
    en: `This file${bytes ? ` (${mb(bytes)} MB)` : ''} is over the 20 MB that Telegram lets bots download, so I cannot receive it. Please send a smaller screenshot or crop it to the part that matters.`,
  }),
} as const;

export type Texts = typeof texts;

/** Telegram clients report the user's interface language; card-site buyers default to Chinese. */
export function langOf(languageCode: string | undefined): Lang {
  if (!languageCode) return 'zh';
  return languageCode.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
