import type { Logger } from '../../src/core/log.js';
import type { Activity } from './activity.js';
import type { LiveListener } from './live.js';
import type { ActivityStore } from './store.js';

const PAGE = 100;

/** One open WebSocket: sends stored activities after its watermark, in order, without gaps or repeats. */
export class ActivityStream implements LiveListener {
  #pumping = false;
  #again = false;

  constructor(
    private readonly conversationId: string,
    private watermark: number,
    private readonly send: (frame: string) => void,
    private readonly store: ActivityStore,
    private readonly log: Logger,
    /** How a stored activity is sent (signed attachment links). */
    private readonly present: (activity: Activity) => Activity = (a) => a,
  ) {}

  changed(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void this.#pump()
      .catch((err: unknown) => this.log.warn({ err, conversationId: this.conversationId }, 'stream send failed'))
      .finally(() => {
        this.#pumping = false;
      });
  }

  transient(activity: Activity): void {
    this.send(JSON.stringify({ activities: [activity] }));
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      for (;;) {
        const page = await this.store.list(this.conversationId, this.watermark, PAGE);
        if (page.activities.length === 0) break;
        this.watermark = Number(page.watermark);
        this.send(JSON.stringify({ ...page, activities: page.activities.map(this.present) }));
      }
    } while (this.#again);
  }
}
