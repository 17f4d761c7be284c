import FlatQueue from 'flatqueue';

/**
 * Greedy with lazy evaluation (Minoux 1978): when gains can only shrink as sites are taken (coverage,
 * p-median savings), a stale gain is an upper bound, so only the top of the queue is re-evaluated, until it
 * stays on top. Takes up to `count` sites, calling `take` for each, and returns them in order with their gains.
 * `bound` gives the first upper bounds when the true gain is dear to compute (default: the gain itself).
 */
export function lazyGreedy(
  candidates: readonly number[],
  count: number,
  gain: (site: number) => number,
  take: (site: number) => void,
  bound: (site: number) => number = gain,
): { sites: number[]; gains: number[] } {
  const queue = new FlatQueue<number>();
  for (const j of candidates) queue.push(j, -bound(j));
  const sites: number[] = [];
  const gains: number[] = [];
  while (sites.length < count && queue.length > 0) {
    const j = queue.pop()!;
    const g = gain(j);
    if (queue.length > 0 && -g > queue.peekValue()!) {
      queue.push(j, -g);
      continue;
    }
    take(j);
    sites.push(j);
    gains.push(g);
  }
  return { sites, gains };
}
