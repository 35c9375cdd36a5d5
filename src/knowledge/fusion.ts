/** Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ weight / (k + rank), rank from 1. */

export interface RankedList<K> {
  keys: readonly K[];
  weight?: number;
}

export function reciprocalRankFusion<K>(lists: ReadonlyArray<RankedList<K>>, k = 60): Array<{ key: K; score: number }> {
  const scores = new Map<K, number>();
  for (const list of lists) {
    const weight = list.weight ?? 1;
    list.keys.forEach((key, i) => {
      scores.set(key, (scores.get(key) ?? 0) + weight / (k + i + 1));
    });
  }
  return [...scores].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score);
}
