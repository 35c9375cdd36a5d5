export {
  createTelegramChannel,
  DEFAULT_API_ROOT,
  type TelegramChannel,
  type TelegramChannelOptions,
  type UpdateOutcome,
} from './channel.js';
export { LINK_CODE_TTL_MS, linkCodesModule } from './link-codes-route.js';
export { renderMessage, splitText } from './render.js';
export { type SqliteDatabase, TelegramStore } from './store.js';
export { SECRET_HEADER, telegramWebhookModule, WEBHOOK_PATH } from './webhook-route.js';
