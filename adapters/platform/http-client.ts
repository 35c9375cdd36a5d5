/**
 * The Platform port over HTTP (a real card platform, or the sandbox over a socket): every response
 * validated with zod, a timeout per attempt, retries with exponential backoff and jitter on network
 * errors and 5xx (never on 4xx), one Idempotency-Key across the retries of every write.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type AppealInput,
  type DecisionInput,
  type EvidenceAddInput,
  Order,
  type Platform,
  PlatformError,
  Ticket,
  type TicketCreate,
  TicketCreated,
  type TicketQuery,
  VerifyResult,
} from '../../src/ports/platform.js';

export interface HttpPlatformOptions {
  /** The platform's base URL; paths such as `/v1/orders/{orderNo}` are appended to it. */
  baseUrl: string;
  apiKey: string;
  /** Per attempt (PLATFORM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts after the first one (PLATFORM_RETRIES). */
  retries: number;
  /** First backoff step; doubles each retry, with full jitter (default 200 ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
}

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

interface Call<S extends z.ZodTypeAny> {
  method: 'GET' | 'POST';
  path: string;
  schema: S;
  body?: unknown;
  headers?: Record<string, string>;
  /** 404 answers null instead of an error. */
  nullOn404?: boolean;
}

export function createHttpPlatform(options: HttpPlatformOptions): Platform {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const backoff = (attempt: number) =>
    random() * Math.min(options.maxBackoffMs ?? 5000, (options.backoffMs ?? 200) * 2 ** attempt);

  async function attempt(call: Call<z.ZodTypeAny>): Promise<Response> {
    try {
      return await doFetch(`${base}${call.path}`, {
        method: call.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${options.apiKey}`,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...call.headers,
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw timedOut
        ? new PlatformError(0, 'timeout', `${call.method} ${call.path}: no answer within ${options.timeoutMs} ms`)
        : new PlatformError(0, 'network_error', `${call.method} ${call.path}: ${describe(err)}`);
    }
  }

  async function request<S extends z.ZodTypeAny>(call: Call<S>): Promise<z.infer<S> | null> {
    let lastError: PlatformError | undefined;
    for (let n = 0; n <= options.retries; n++) {
      if (n > 0) await new Promise((resolve) => setTimeout(resolve, backoff(n - 1)));
      try {
        const res = await attempt(call);
        return await read(res, call);
      } catch (err) {
        if (!(err instanceof PlatformError) || !err.retryable) throw err;
        lastError = err;
      }
    }
    throw lastError!;
  }

  async function read<S extends z.ZodTypeAny>(res: Response, call: Call<S>): Promise<z.infer<S> | null> {
    const where = `${call.method} ${call.path}`;
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'TimeoutError') {
        throw new PlatformError(0, 'timeout', `${where}: no answer within ${options.timeoutMs} ms`);
      }
      json = undefined;
    }
    if (res.status === 404 && call.nullOn404) return null;
    if (!res.ok) {
      const error = ErrorBody.safeParse(json);
      const code = error.success ? error.data.error.code : `http_${res.status}`;
      const message = error.success ? error.data.error.message : res.statusText;
      throw new PlatformError(res.status, code, `${where}: ${message}`);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new PlatformError(502, 'invalid_response', `${where}: unexpected response (${issues.join('; ')})`, false);
    }
    return parsed.data;
  }

  async function required<S extends z.ZodTypeAny>(call: Call<S>): Promise<z.infer<S>> {
    return (await request(call)) as z.infer<S>;
  }

  const ticketPath = (ticketId: string, action = '') => `/v1/tickets/${encodeURIComponent(ticketId)}${action}`;
  /** A write: its key is the same on every retry, so a retry after a lost answer is not done twice. */
  const write = (key: string) => ({ method: 'POST' as const, headers: { 'idempotency-key': key } });

  return {
    getOrder: (orderNo) =>
      request({ method: 'GET', path: `/v1/orders/${encodeURIComponent(orderNo)}`, schema: Order, nullOn404: true }),
    verifyOwnership: (orderNo, contact) =>
      required({
        method: 'POST',
        path: `/v1/orders/${encodeURIComponent(orderNo)}/verify`,
        schema: VerifyResult,
        body: { contact },
      }),
    createTicket: (input: TicketCreate, idempotencyKey = randomUUID()) =>
      required({
        method: 'POST',
        path: '/v1/tickets',
        schema: TicketCreated,
        body: input,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    getTicket: (ticketId) => request({ method: 'GET', path: ticketPath(ticketId), schema: Ticket, nullOn404: true }),
    listTickets: (query: TicketQuery) => {
      const params = new URLSearchParams();
      if (query.buyerId) params.set('buyerId', query.buyerId);
      if (query.orderNo) params.set('orderNo', query.orderNo);
      const qs = params.size > 0 ? `?${params}` : '';
      return required({ method: 'GET', path: `/v1/tickets${qs}`, schema: z.array(Ticket) });
    },
    decide: (ticketId, input: DecisionInput, key = randomUUID()) =>
      required({ ...write(key), path: ticketPath(ticketId, '/decision'), schema: Ticket, body: input }),
    appeal: (ticketId, input: AppealInput, key = randomUUID()) =>
      required({ ...write(key), path: ticketPath(ticketId, '/appeal'), schema: Ticket, body: input }),
    addEvidence: (ticketId, input: EvidenceAddInput, key = randomUUID()) =>
      required({ ...write(key), path: ticketPath(ticketId, '/evidence'), schema: Ticket, body: input }),
  };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
