/** A tiny typed publish/subscribe for in-process events (ticket updates reaching the channels). */
export type Listener<T> = (event: T) => void | Promise<void>;

export class Topic<T> {
  readonly #listeners = new Set<Listener<T>>();

  subscribe(listener: Listener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs every listener; one failing listener does not stop the others. Returns the failures. */
  async publish(event: T): Promise<unknown[]> {
    const results = await Promise.allSettled([...this.#listeners].map(async (l) => l(event)));
    return results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  }
}
