/** Injected faults (`POST /v1/sandbox/faults`): for the next `ms` milliseconds the API is down, slow or failing. */
import { z } from 'zod';

export const FaultRequest = z.discriminatedUnion('mode', [
  z.object({
    mode: z.enum(['down', 'slow', 'error']),
    ms: z.number().int().positive().max(3_600_000),
    delayMs: z.number().int().nonnegative().max(120_000).optional(),
  }),
  z.object({ mode: z.literal('none') }),
]);
export type FaultRequest = z.infer<typeof FaultRequest>;

export type ActiveFault =
  | { mode: 'none' }
  | { mode: 'down' | 'error'; until: string }
  | { mode: 'slow'; until: string; delayMs: number };

export class FaultSwitch {
  #fault: ActiveFault = { mode: 'none' };

  constructor(private readonly now: () => Date = () => new Date()) {}

  set(request: FaultRequest): ActiveFault {
    if (request.mode === 'none') this.#fault = { mode: 'none' };
    else {
      const until = new Date(this.now().getTime() + request.ms).toISOString();
      this.#fault =
        request.mode === 'slow'
          ? { mode: 'slow', until, delayMs: request.delayMs ?? 3000 }
          : { mode: request.mode, until };
    }
    return this.#fault;
  }

  /** The fault in force now (an expired one reads as none). */
  current(): ActiveFault {
    if (this.#fault.mode !== 'none' && Date.parse(this.#fault.until) <= this.now().getTime()) {
      this.#fault = { mode: 'none' };
    }
    return this.#fault;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
