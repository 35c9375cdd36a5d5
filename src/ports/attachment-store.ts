export interface AttachmentMeta {
  sha256: string;
  mime: string;
  bytes: number;
  /** The name the buyer's client gave, for display only. */
  name: string;
  conversationId: string;
  createdAt: string;
}

/** Metadata of stored attachments; the bytes live in a content-addressed blob store. */
export interface AttachmentStore {
  /** Records that `conversationId` uploaded this content; repeated puts are harmless. */
  put(meta: AttachmentMeta): Promise<void>;
  get(sha256: string): Promise<AttachmentMeta | null>;
  listByConversation(conversationId: string): Promise<AttachmentMeta[]>;
}
