/**
 * Fusion of ranked lists. Reciprocal rank fusion (Cormack et al. 2009) uses ranks only; the convex
 * combination of normalised scores keeps each half's margins (Bruch, Gai & Ingber 2023, "An Analysis
 * of Fusion Functions for Hybrid Retrieval": it beats RRF in and out of domain, and its one weight
 * is learnt from a handful of queries).
 */

export interface RankedList<K> {
  keys: readonly K[];
  weight?: number;
}

/** score(d) = Σ weight / (k + rank), rank from 1. */
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

export interface ScoredList<K> {
  hits: ReadonlyArray<{ key: K; score: number }>;
  weight: number;
}

/**
 * score(d) = Σ weight · s_d / top, each list's scores divided by its best (min-max normalisation
 * with the theoretical minimum 0, "TM2C2" in Bruch et al.; negative similarities count as 0); a key
 * missing from a list gets 0 from it.
 */
export function convexCombination<K>(lists: ReadonlyArray<ScoredList<K>>): Array<{ key: K; score: number }> {
  const scores = new Map<K, number>();
  for (const { hits, weight } of lists) {
    const top = hits.reduce((m, h) => (Number.isFinite(h.score) ? Math.max(m, h.score) : m), 0);
    if (!(top > 0) || !(weight > 0)) continue;
    for (const { key, score } of hits) {
      const s = Number.isFinite(score) ? Math.max(0, score) / top : 0;
      scores.set(key, (scores.get(key) ?? 0) + weight * s);
    }
  }
  return [...scores].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score);
}
