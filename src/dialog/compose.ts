/** A turn is a chain of small steps (grammY Composer, Hono compose): each may act, then call `next`. */
export type Next = () => Promise<void>;
export type Step<C> = (ctx: C, next: Next) => Promise<void>;

export function compose<C>(steps: readonly Step<C>[]): Step<C> {
  return (ctx, last) => {
    const run = async (i: number): Promise<void> => {
      const step = steps[i];
      if (!step) return last();
      let called = false;
      await step(ctx, () => {
        if (called) throw new Error(`step ${i} called next() twice`);
        called = true;
        return run(i + 1);
      });
    };
    return run(0);
  };
}

export const pass: Next = async () => {};
