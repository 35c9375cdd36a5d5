import type { Channel } from '../core/domain.js';
import type { OutboundMessage } from '../core/messages.js';
import type { ConversationRecord } from './conversation-store.js';

/** Delivers messages the buyer did not ask for just now (decisions, evidence requests) to a channel. */
export interface ChannelSink {
  channel: Channel;
  deliver(conversation: ConversationRecord, messages: OutboundMessage[]): Promise<void>;
}
