/** The sandbox as a Platform port in the same process, with the injected faults applied. */
import { type Platform, PlatformError } from '../../../src/ports/platform.js';
import { type FaultSwitch, sleep } from './faults.js';
import type { SandboxPlatform } from './sandbox.js';

export function inProcessPlatform(sandbox: SandboxPlatform, faults: FaultSwitch): Platform {
  async function call<T>(run: () => T): Promise<T> {
    const fault = faults.current();
    if (fault.mode === 'down')
      throw new PlatformError(0, 'platform_unreachable', 'the sandbox platform is down (injected fault)');
    if (fault.mode === 'error')
      throw new PlatformError(500, 'internal_error', 'the sandbox platform failed (injected fault)');
    if (fault.mode === 'slow') await sleep(fault.delayMs);
    return run();
  }
  return {
    getOrder: (orderNo) => call(() => sandbox.getOrder(orderNo)),
    verifyOwnership: (orderNo, contact) => call(() => sandbox.verifyOwnership(orderNo, contact)),
    createTicket: (input, key) => call(() => sandbox.createTicket(input, key).body),
    getTicket: (ticketId) => call(() => sandbox.getTicket(ticketId)),
    listTickets: (query) => call(() => sandbox.listTickets(query)),
    decide: (ticketId, input, key) => call(() => sandbox.decide(ticketId, input, key)),
    appeal: (ticketId, input, key) => call(() => sandbox.appeal(ticketId, input, key)),
    addEvidence: (ticketId, input, key) => call(() => sandbox.addEvidence(ticketId, input, key)),
  };
}
