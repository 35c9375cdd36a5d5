/** The channel sinks of the running process: channel adapters register theirs; pushed messages go through them. */
import type { Channel } from '../core/domain.js';
import type { OutboundMessage } from '../core/messages.js';
import type { ChannelSink } from '../ports/channel-sink.js';
import type { ConversationRecord } from '../ports/conversation-store.js';

export class ChannelSinks {
  readonly #sinks = new Map<Channel, ChannelSink>();

  register(sink: ChannelSink): () => void {
    this.#sinks.set(sink.channel, sink);
    return () => {
      if (this.#sinks.get(sink.channel) === sink) this.#sinks.delete(sink.channel);
    };
  }

  get(channel: Channel): ChannelSink | undefined {
    return this.#sinks.get(channel);
  }

  /** Delivers through the conversation's channel; false when no sink is registered for it. */
  async deliver(conversation: ConversationRecord, messages: OutboundMessage[]): Promise<boolean> {
    const sink = this.#sinks.get(conversation.channel);
    if (!sink || messages.length === 0) return false;
    await sink.deliver(conversation, messages);
    return true;
  }
}
