/** Wires the agent console (src/console) to storage, the platform and the transcript/evidence/knowledge ports. */
import { sqliteAgentStore, sqliteConversationCounter } from '../adapters/storage-sqlite/agents.js';
import type { SqliteDatabase } from '../adapters/storage-sqlite/index.js';
import type { Config } from '../src/config/env.js';
import { AuthService } from '../src/console/auth.js';
import { type ChainVerifier, transcriptVerifier } from '../src/console/chain.js';
import type { ConsoleDeps } from '../src/console/deps.js';
import { consoleAuthorize } from '../src/console/http/context.js';
import { consoleModule } from '../src/console/http/module.js';
import { createRateLimiter } from '../src/console/rate-limit.js';
import { type Redactor, redactSecrets } from '../src/console/redact.js';
import { mirrorTicketStatus } from '../src/console/sync.js';
import type { Topic } from '../src/core/events.js';
import type { Logger } from '../src/core/log.js';
import type { AgentStore } from '../src/ports/agent-store.js';
import type { EvidenceIntake } from '../src/ports/evidence.js';
import type { Platform, Ticket } from '../src/ports/platform.js';
import type { Retriever } from '../src/ports/retriever.js';
import type { Storage } from '../src/ports/storage.js';
import type { HttpModule } from '../src/server/app.js';
import { clientAddressOf, trustedProxies } from '../src/server/client-address.js';

/** Sign-in attempts per client address per window, on top of the back-off per (account, client). */
export const LOGIN_ATTEMPTS = { limit: 30, windowMs: 5 * 60_000 };

export interface ConsoleAuth {
  agents: AgentStore;
  auth: AuthService;
  /** For other modules' agent routes (transcript verify/export): the signed-in agent or null. */
  authorize: ReturnType<typeof consoleAuthorize>;
}

export interface ConsoleWiring extends ConsoleAuth {
  httpModule: HttpModule;
}

export interface ConsoleOptions {
  config: Config;
  log: Logger;
  db: SqliteDatabase;
  storage: Storage;
  platform: Platform;
  /** The platform's ticket updates: the local ticket status follows them. */
  ticketUpdates?: Topic<Ticket>;
  /** Evidence bytes (the transcript module's content-addressed store); without it images show as missing. */
  evidence?: Pick<EvidenceIntake, 'read'>;
  retriever?: Pick<Retriever, 'clause'> | null;
  verifyChain?: ChainVerifier;
  redact?: Redactor;
  now?: () => Date;
  /** Made beforehand when other modules need `authorize` first. */
  consoleAuth?: ConsoleAuth;
}

/** `origins`: where the console is served from (PUBLIC_URL), for CSRF checks of reveals. */
export function agentAuth(
  db: SqliteDatabase,
  now: () => Date = () => new Date(),
  origins: () => readonly string[] = () => [],
): ConsoleAuth {
  const agents = sqliteAgentStore(db);
  const auth = new AuthService(agents, createRateLimiter(LOGIN_ATTEMPTS), now);
  return { agents, auth, authorize: consoleAuthorize({ agents, auth, now }, origins) };
}

export function createConsole(options: ConsoleOptions): ConsoleWiring {
  const now = options.now ?? (() => new Date());
  const consoleAuth = options.consoleAuth ?? agentAuth(options.db, now);
  const { agents, auth } = consoleAuth;
  const evidence = options.evidence ?? { read: async () => null };
  const deps: ConsoleDeps = {
    agents,
    auth,
    tickets: options.storage.tickets,
    transcripts: options.storage.transcripts,
    attachments: options.storage.attachments,
    conversations: options.storage.conversations,
    conversationCounter: sqliteConversationCounter(options.db),
    platform: options.platform,
    evidence,
    retriever: options.retriever ?? null,
    verifyChain: options.verifyChain ?? transcriptVerifier((sha) => evidence.read(sha)),
    redact: options.redact ?? redactSecrets,
    log: options.log.child({ module: 'agent-console' }),
    now,
    secureCookies: options.config.publicUrl.startsWith('https:'),
    timeZone: options.config.CONSOLE_TIME_ZONE,
    ownership: options.storage.ownership,
  };
  options.ticketUpdates?.subscribe(mirrorTicketStatus(options.storage.tickets, options.platform, now));
  const httpModule = consoleModule(deps, {
    allowedOrigins: [new URL(options.config.publicUrl).origin],
    clientAddress: clientAddressOf(trustedProxies(options.config.TRUSTED_PROXIES)),
  });
  return { ...consoleAuth, httpModule };
}
