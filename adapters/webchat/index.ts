export { type Activity, BOT_ACCOUNT, botDraft, PostedActivity } from './activity.js';
export { AttachmentUrls } from './attachments.js';
export type { DemoOrder } from './demo-page.js';
export {
  DIRECTLINE_BASE,
  type DirectLineModule,
  directLineModule,
  issueBuyerToken,
  issueConversationToken,
} from './directline.js';
export { LiveFeed, RateLimiter } from './live.js';
export { type OriginPolicy, originPolicy } from './origins.js';
export { coreConversationId, DirectLineService } from './service.js';
export { directLineSink } from './sink.js';
export { sqliteActivityStore, WEBCHAT_MIGRATION_MODULE, webchatMigrations } from './sqlite-store.js';
export { webChatAssetsModule, webChatDist } from './static.js';
export { type ActivityStore, type DirectLineConversation, MemoryActivityStore } from './store.js';
export { TokenSigner } from './token.js';
