import type { ChannelSink } from '../../src/ports/channel-sink.js';
import type { DirectLineService } from './service.js';

/** Pushed messages (decisions) for web chat conversations: stored, streamed when the chat is open. */
export function directLineSink(service: DirectLineService): ChannelSink {
  return {
    channel: 'webchat',
    async deliver(conversation, messages) {
      const id = conversation.address.directLineConversationId;
      if (typeof id !== 'string') throw new Error(`conversation ${conversation.id} has no Direct Line address`);
      await service.push(id, messages);
    },
  };
}
