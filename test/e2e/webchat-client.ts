/**
 * The real Direct Line client library (botframework-directlinejs) running in Node: it expects a
 * browser's XMLHttpRequest (rxjs 5 ajax) and WebSocket, so it gets fetch- and ws-backed services.
 */
import { type Activity, DirectLine, type Message, type Services } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable.js';
import WebSocket from 'ws';

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  responseType?: string;
}

class AjaxError extends Error {
  constructor(
    readonly status: number,
    readonly response: unknown,
    readonly headers: Headers,
  ) {
    super(`ajax error ${status}`);
  }
  get xhr() {
    return { getResponseHeader: (name: string) => this.headers.get(name) };
  }
}

function fetchAjax(request: AjaxRequest) {
  return new Observable<{ response: unknown; status: number }>((subscriber) => {
    const headers = { ...(request.headers ?? {}) };
    let body: BodyInit | undefined;
    if (request.body instanceof FormData) {
      delete headers['Content-Type'];
      body = request.body;
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
    }
    fetch(request.url, { method: request.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) })
      .then(async (res) => {
        const response =
          request.responseType === 'arraybuffer' ? await res.arrayBuffer() : await res.json().catch(() => null);
        if (res.status >= 400) throw new AjaxError(res.status, response, res.headers);
        subscriber.next({ response, status: res.status });
        subscriber.complete();
      })
      .catch((err: unknown) =>
        subscriber.error(err instanceof AjaxError ? err : Object.assign(new Error(String(err)), { status: 0 })),
      );
  });
}

/** A DirectLine connected over the WebSocket stream, collecting what it receives. */
export class DirectLineBuyer {
  readonly directLine: DirectLine;
  readonly received: Activity[] = [];
  readonly #waiters: Array<{ test: (a: Activity) => boolean; resolve: (a: Activity) => void }> = [];

  constructor(options: { token: string; domain: string; conversationId?: string; webSocket?: boolean }) {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    this.directLine = new DirectLine({
      token: options.token,
      domain: options.domain,
      webSocket: options.webSocket ?? true,
      ...(options.conversationId ? { conversationId: options.conversationId } : {}),
      ajax: fetchAjax as unknown as Services['ajax'],
      WebSocket: WebSocket as unknown as Services['WebSocket'],
    });
    this.directLine.activity$.subscribe(
      (activity) => {
        this.received.push(activity);
        const i = this.#waiters.findIndex((w) => w.test(activity));
        if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve(activity);
      },
      // After end() the library reports "conversation ended" here; nothing to do.
      () => {},
    );
  }

  /** Resolves with the first activity (already received after `from`, or arriving) that passes `test`. */
  waitFor(test: (a: Activity) => boolean, from = 0, timeoutMs = 10_000): Promise<Activity> {
    const seen = this.received.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching activity arrived')), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
      });
    });
  }

  /**
   * Posts like Web Chat does and resolves with the first bot message after it that passes `until`
   * (by default any): a turn of the real dialog may answer with several messages.
   */
  async say(
    activity: Omit<Message, 'type' | 'from'> & { from?: Message['from'] },
    until: (m: Message) => boolean = () => true,
  ): Promise<Message> {
    const mark = this.received.length;
    await new Promise<string>((resolve, reject) =>
      this.directLine
        .postActivity({ type: 'message', from: { id: 'buyer', role: 'user' }, ...activity } as Message)
        .subscribe(resolve, reject),
    );
    return (await this.waitFor(
      (a) => a.type === 'message' && a.from.role === 'bot' && until(a as Message),
      mark,
    )) as Message;
  }

  end(): void {
    this.directLine.end();
  }
}
