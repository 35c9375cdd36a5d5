/**
 * Links to files shown in the chat (a buyer's upload, evidence the bot sends back). Activities store
 * only the path; each time they are sent to a client the path becomes a signed URL that expires
 * (an `<img>` cannot send the Direct Line token), so a link copied out of the chat stops working and
 * the attachment id alone opens nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Activity, ActivityAttachment } from './activity.js';

export const ATTACHMENT_PATH = '/v3/directline/attachments/';
const STORED = /\/v3\/directline\/attachments\/([\w-]{8,64})(?:\?[^#]*)?$/;

export class AttachmentUrls {
  readonly #key: Buffer;

  /** `ttlSeconds`: at least this long a presented URL works (rounded up to the hour, so URLs repeat). */
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = createHmac('sha256', secret).update('refund-desk/directline-attachment/v1').digest();
  }

  /** What an activity stores. */
  path(id: string): string {
    return `${ATTACHMENT_PATH}${id}`;
  }

  sign(id: string, conversationId: string, base: string): string {
    const exp = Math.ceil((this.now() / 1000 + this.ttlSeconds) / 3600) * 3600;
    const query = new URLSearchParams({ c: conversationId, e: String(exp), s: this.#mac(id, conversationId, exp) });
    return `${base}${ATTACHMENT_PATH}${id}?${query}`;
  }

  /** The conversation a signed link was issued for, or why it opens nothing. */
  verify(
    id: string,
    query: { c?: string | undefined; e?: string | undefined; s?: string | undefined },
  ): { ok: true; conversationId: string } | { ok: false; reason: 'unsigned' | 'bad_signature' | 'expired' } {
    const { c, e, s } = query;
    if (!c || !e || !s || !/^\d{1,12}$/.test(e)) return { ok: false, reason: 'unsigned' };
    const expected = Buffer.from(this.#mac(id, c, Number(e)), 'base64url');
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad_signature' };
    if (Number(e) * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, conversationId: c };
  }

  /** The activity as a client receives it: stored attachment paths become signed URLs under `base`. */
  present(activity: Activity, base: string): Activity {
    if (!activity.attachments?.some((a) => a.contentUrl && STORED.test(a.contentUrl))) return activity;
    const conversationId = activity.conversation.id;
    const url = (stored: string | undefined) => {
      const id = stored ? STORED.exec(stored)?.[1] : undefined;
      return id ? this.sign(id, conversationId, base) : (stored ?? '');
    };
    return {
      ...activity,
      attachments: activity.attachments.map(
        (a): ActivityAttachment => ({
          ...a,
          ...(a.contentUrl ? { contentUrl: url(a.contentUrl) } : {}),
          ...(a.thumbnailUrl ? { thumbnailUrl: url(a.thumbnailUrl) } : {}),
        }),
      ),
    };
  }

  #mac(id: string, conversationId: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${id}\n${conversationId}\n${exp}`).digest('base64url');
  }
}
