/**
 * What the Direct Line endpoint persists: its conversations (each bound to one buyer), their
 * activities in order (the watermark is the sequence number of the last one seen) and the files
 * buyers uploaded (shown back in the chat). In memory for tests; SQLite in the product.
 */
import type { Activity, ActivityDraft } from './activity.js';
import { CHANNEL_ID } from './activity.js';

export interface DirectLineConversation {
  id: string;
  buyerId: string;
  locale: string | null;
  createdAt: string;
}

export interface StoredUpload {
  id: string;
  conversationId: string;
  name: string;
  /** Sniffed from the bytes. */
  contentType: string;
  bytes: Uint8Array;
}

export interface ActivityPage {
  activities: Activity[];
  watermark: string;
}

export interface ActivityStore {
  /** Creates the conversation, or returns the existing one unchanged. */
  openConversation(init: Omit<DirectLineConversation, 'createdAt'>): Promise<DirectLineConversation>;
  getConversation(id: string): Promise<DirectLineConversation | null>;
  /** The buyer's most recently created conversation, to resume. */
  latestConversation(buyerId: string): Promise<DirectLineConversation | null>;
  /** Appends with the next sequence number; `id` is `<conversation>|<seq>`. */
  append(conversationId: string, draft: ActivityDraft): Promise<Activity>;
  /** Activities after `watermark` (a sequence number), oldest first. */
  list(conversationId: string, watermark: number, limit: number): Promise<ActivityPage>;
  /** The echo of a client activity already posted (retries must not run the bot twice). */
  findByClientActivityId(conversationId: string, clientActivityId: string): Promise<Activity | null>;
  putUpload(upload: StoredUpload): Promise<void>;
  getUpload(id: string): Promise<StoredUpload | null>;
}

export function materialise(conversationId: string, seq: number, at: Date, draft: ActivityDraft): Activity {
  return {
    ...draft,
    id: `${conversationId}|${String(seq).padStart(7, '0')}`,
    timestamp: at.toISOString(),
    channelId: CHANNEL_ID,
    conversation: { id: conversationId },
  };
}

export function clientActivityIdOf(activity: Activity): string | undefined {
  const value = activity.channelData?.clientActivityID;
  return typeof value === 'string' ? value : undefined;
}

export class MemoryActivityStore implements ActivityStore {
  readonly #conversations = new Map<string, DirectLineConversation>();
  readonly #activities = new Map<string, Activity[]>();
  readonly #uploads = new Map<string, StoredUpload>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async openConversation(init: Omit<DirectLineConversation, 'createdAt'>): Promise<DirectLineConversation> {
    const existing = this.#conversations.get(init.id);
    if (existing) return existing;
    const created = { ...init, createdAt: this.now().toISOString() };
    this.#conversations.set(init.id, created);
    this.#activities.set(init.id, []);
    return created;
  }

  async getConversation(id: string): Promise<DirectLineConversation | null> {
    return this.#conversations.get(id) ?? null;
  }

  async latestConversation(buyerId: string): Promise<DirectLineConversation | null> {
    const mine = [...this.#conversations.values()].filter((c) => c.buyerId === buyerId);
    return mine.at(-1) ?? null;
  }

  async append(conversationId: string, draft: ActivityDraft): Promise<Activity> {
    const list = this.#activities.get(conversationId);
    if (!list) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    const activity = materialise(conversationId, list.length + 1, this.now(), draft);
    list.push(structuredClone(activity));
    return activity;
  }

  async list(conversationId: string, watermark: number, limit: number): Promise<ActivityPage> {
    const page = (this.#activities.get(conversationId) ?? []).slice(watermark, watermark + limit);
    return { activities: structuredClone(page), watermark: String(watermark + page.length) };
  }

  async findByClientActivityId(conversationId: string, clientActivityId: string): Promise<Activity | null> {
    const found = this.#activities.get(conversationId)?.find((a) => clientActivityIdOf(a) === clientActivityId);
    return found ? structuredClone(found) : null;
  }

  async putUpload(upload: StoredUpload): Promise<void> {
    this.#uploads.set(upload.id, upload);
  }

  async getUpload(id: string): Promise<StoredUpload | null> {
    return this.#uploads.get(id) ?? null;
  }
}
