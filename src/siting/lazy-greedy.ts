import FlatQueue from 'flatqueue';

/** Which of several sites of equal gain greedy takes. */
export type GreedyTies = 'queue' | 'index';

/**
 * Greedy with lazy evaluation (Minoux 1978): when gains can only shrink as sites are taken (coverage,
 * p-median savings), a stale gain is an upper bound, so only the top of the queue is re-evaluated, until it
 * stays on top. Takes up to `count` sites, calling `take` for each, and returns them in order with their gains.
 * `bound` gives the first upper bounds when the true gain is dear to compute (default: the gain itself).
 * `ties`: 'queue' (default) takes whichever site of equal gain the queue gives first, which depends on the
 * bounds; 'index' takes the lowest index among them, so that the answer depends on the gains alone and a
 * tighter bound changes the work, never the choice. `rebound`, when given, is a cheaper bound tried first on
 * a stale site: if it is lower, the site goes back with it, unevaluated.
 */
export function lazyGreedy(
  candidates: readonly number[],
  count: number,
  gain: (site: number) => number,
  take: (site: number) => void,
  bound: (site: number) => number = gain,
  ties: GreedyTies = 'queue',
  rebound?: (site: number) => number,
): { sites: number[]; gains: number[] } {
  const byIndex = ties === 'index';
  const queue = byIndex ? new IndexQueue() : new FlatQueue<number>();
  for (const j of candidates) queue.push(j, -bound(j));
  const sites: number[] = [];
  const gains: number[] = [];
  // How many sites had been taken when each gain in the queue was computed: one of this round is exact.
  const computedAt = new Map<number, number>();
  while (sites.length < count && queue.length > 0) {
    const value = -queue.peekValue()!;
    const j = queue.pop()!;
    let g = value;
    if (computedAt.get(j) !== sites.length) {
      const cheaper = rebound?.(j) ?? Infinity;
      if (cheaper < value) {
        queue.push(j, -cheaper);
        continue;
      }
      g = gain(j);
    }
    if (queue.length > 0 && (-g > queue.peekValue()! || (byIndex && -g === queue.peekValue() && queue.peek()! < j))) {
      queue.push(j, -g);
      computedAt.set(j, sites.length);
      continue;
    }
    take(j);
    sites.push(j);
    gains.push(g);
  }
  return { sites, gains };
}

/**
 * A binary heap of sites by value, the lowest first, and among equal values the lowest site index first
 * (flatqueue, otherwise the same, leaves equal values in no set order).
 */
class IndexQueue {
  readonly #ids: number[] = [];
  readonly #values: number[] = [];
  length = 0;

  #before(a: number, b: number): boolean {
    const values = this.#values;
    return values[a] < values[b] || (values[a] === values[b] && this.#ids[a] < this.#ids[b]);
  }

  #swap(a: number, b: number): void {
    const ids = this.#ids;
    const values = this.#values;
    [ids[a], ids[b]] = [ids[b], ids[a]];
    [values[a], values[b]] = [values[b], values[a]];
  }

  push(id: number, value: number): void {
    let pos = this.length++;
    this.#ids[pos] = id;
    this.#values[pos] = value;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.#before(pos, parent)) break;
      this.#swap(pos, parent);
      pos = parent;
    }
  }

  pop(): number | undefined {
    if (this.length === 0) return undefined;
    const top = this.#ids[0];
    const last = --this.length;
    this.#ids[0] = this.#ids[last];
    this.#values[0] = this.#values[last];
    for (let pos = 0; ; ) {
      const left = 2 * pos + 1;
      if (left >= last) break;
      const child = left + 1 < last && this.#before(left + 1, left) ? left + 1 : left;
      if (!this.#before(child, pos)) break;
      this.#swap(child, pos);
      pos = child;
    }
    return top;
  }

  peek(): number | undefined {
    return this.length > 0 ? this.#ids[0] : undefined;
  }

  peekValue(): number | undefined {
    return this.length > 0 ? this.#values[0] : undefined;
  }
}
