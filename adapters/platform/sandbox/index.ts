/** The sandbox card platform (SPEC §7): its database, service, HTTP API, faults, webhook and demo data. */
export { openSandboxDb, type SandboxDb } from './database.js';
export { type ActiveFault, FaultRequest, FaultSwitch } from './faults.js';
export { SANDBOX_BASE_PATH, sandboxHttpModule } from './http.js';
export { inProcessPlatform } from './in-process.js';
export { newOrderNo, ORDER_NO_PATTERN, slaDueAt } from './rules.js';
export { type CreateTicketOutcome, OPEN_STATUSES, SandboxPlatform } from './sandbox.js';
export { SandboxOrderInput, SandboxTicketInput } from './schemas.js';
export { DEMO_BUYER, DEMO_CASES, OTHER_BUYER, OTHER_BUYER_ORDER_NO, seedSandbox } from './seed.js';
export { createWebhookSender, SIGNATURE_HEADER, type WebhookSender } from './webhook.js';
