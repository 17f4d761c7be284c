/**
 * Cuts of one flow state, kept to bound gains without computing them. A cut is a set of demand points with
 * the people who can cross into it (those left without a place inside, and those inside placed at sites
 * outside): a new site whose demand all lies inside one gains at most that many, and a site whose demand
 * lies in several at most the sum of theirs (cut capacities are submodular). Each cut is one bit of a row
 * per demand point, so the cuts holding all of a site's demand are the AND of its rows.
 */
export class CutBook {
  /** Cuts a state keeps; later ones are dropped (bounds stay valid, only looser). */
  static readonly MAX_CUTS = 1024;
  readonly #words = CutBook.MAX_CUTS / 32;
  #bits: Uint32Array | null = null;
  readonly #people = new Float64Array(CutBook.MAX_CUTS);
  #count = 0;
  /** The state each demand point's row and tightest cut belong to (older rows count as empty). */
  #state = 0;
  readonly #rowState: Int32Array;
  readonly #tightest: Int32Array;
  readonly #seen = new Int32Array(CutBook.MAX_CUTS);
  #stamp = 0;
  readonly #holding = new Uint32Array(CutBook.MAX_CUTS / 32);

  constructor(readonly demandCount: number) {
    this.#rowState = new Int32Array(demandCount).fill(-1);
    this.#tightest = new Int32Array(demandCount);
  }

  /** Forgets every cut: the flow changed. */
  clear(): void {
    this.#state++;
    this.#count = 0;
  }

  /** Keeps a cut: its demand points and the people who can cross into it. */
  add(members: readonly number[], people: number): void {
    if (this.#count === CutBook.MAX_CUTS) return;
    const id = this.#count++;
    this.#people[id] = people;
    const words = this.#words;
    const bits = (this.#bits ??= new Uint32Array(this.demandCount * words));
    for (const i of members) {
      if (this.#rowState[i] !== this.#state) {
        this.#rowState[i] = this.#state;
        bits.fill(0, i * words, (i + 1) * words);
        this.#tightest[i] = id;
      } else if (people < this.#people[this.#tightest[i]]) {
        this.#tightest[i] = id;
      }
      bits[i * words + (id >>> 5)] |= 1 << (id & 31);
    }
  }

  /**
   * The fewest people the kept cuts let into `points[0..count)`: the least of one cut holding them all and
   * the sum of the tightest cut holding each; Infinity when one lies in none.
   */
  bound(points: ArrayLike<number>, count: number): number {
    if (this.#count === 0 || count === 0) return Infinity;
    const words = (this.#count + 31) >>> 5;
    const holding = this.#holding.fill(0xffffffff, 0, words);
    const bits = this.#bits!;
    const stamp = ++this.#stamp;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const i = points[k];
      if (this.#rowState[i] !== this.#state) return Infinity;
      const row = i * this.#words;
      for (let w = 0; w < words; w++) holding[w] &= bits[row + w];
      const tight = this.#tightest[i];
      if (this.#seen[tight] !== stamp) {
        this.#seen[tight] = stamp;
        sum += this.#people[tight];
      }
    }
    let one = Infinity;
    for (let w = 0; w < words; w++) {
      for (let word = holding[w]; word !== 0; word &= word - 1) {
        const id = (w << 5) + (31 - Math.clz32(word & -word));
        if (this.#people[id] < one) one = this.#people[id];
      }
    }
    return Math.min(one, sum);
  }
}
