/** What the console needs from the rest of refund-desk, all behind ports. */
import type { Logger } from '../core/log.js';
import type { AgentStore, ConversationCounter } from '../ports/agent-store.js';
import type { AttachmentStore } from '../ports/attachment-store.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EvidenceIntake } from '../ports/evidence.js';
import type { OwnershipAttempts } from '../ports/ownership-attempts.js';
import type { Platform } from '../ports/platform.js';
import type { Retriever } from '../ports/retriever.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { TranscriptStore } from '../ports/transcript-store.js';
import type { AuthService } from './auth.js';
import type { ChainVerifier } from './chain.js';
import type { Redactor } from './redact.js';

export interface ConsoleDeps {
  agents: AgentStore;
  auth: AuthService;
  tickets: TicketStore;
  transcripts: Pick<TranscriptStore, 'list'>;
  attachments: Pick<AttachmentStore, 'get' | 'listByConversation'>;
  conversations: Pick<ConversationStore, 'get'>;
  conversationCounter: ConversationCounter;
  platform: Pick<Platform, 'getTicket' | 'getOrder' | 'decide'>;
  evidence: Pick<EvidenceIntake, 'read'>;
  /** Null until a knowledge base is configured: clauses then show their id only. */
  retriever: Pick<Retriever, 'clause'> | null;
  verifyChain: ChainVerifier;
  redact: Redactor;
  log: Logger;
  now: () => Date;
  /** Secure cookies when served over https. */
  secureCookies: boolean;
  /** IANA zone the console shows times in (CONSOLE_TIME_ZONE). */
  timeZone: string;
  /** Failed ownership proofs, shown on the ticket page of the order they were made on. */
  ownership?: Pick<OwnershipAttempts, 'history'>;
}
