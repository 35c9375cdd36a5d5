/** `POST /telegram/webhook`: Telegram's webhook, accepted only with the secret token set at setWebhook. */
import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { Logger } from '../../src/core/log.js';
import type { HttpModule } from '../../src/server/app.js';
import { readJson } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import type { TelegramChannel } from './channel.js';
import { secretMatches } from './secret.js';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

const Chat = z.object({ id: z.number().int(), type: z.string() }).passthrough();
const User = z.object({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string() }).passthrough();
const UpdateSchema = z
  .object({
    update_id: z.number().int().nonnegative(),
    message: z.object({ message_id: z.number().int(), date: z.number(), chat: Chat }).passthrough().optional(),
    callback_query: z.object({ id: z.string(), from: User }).passthrough().optional(),
  })
  .passthrough();

export function telegramWebhookModule(options: { channel: TelegramChannel; secret: string; log: Logger }): HttpModule {
  return {
    name: 'telegram-webhook',
    mount(app) {
      app.post(WEBHOOK_PATH, async (c) => {
        if (!secretMatches(c.req.header(SECRET_HEADER), options.secret)) {
          options.log.warn({ ip: c.req.header('x-forwarded-for') }, 'telegram: webhook call with a wrong secret token');
          throw new ApiError(401, 'unauthorized', `missing or wrong ${SECRET_HEADER}`);
        }
        const update = await readJson(c, UpdateSchema);
        // Errors are answered to the buyer inside the channel; Telegram needs a 2xx or it redelivers.
        await options.channel.handleUpdate(update as unknown as Update);
        return c.json({ ok: true });
      });
    },
  };
}
