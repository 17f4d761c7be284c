import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { bucketManyToMany, ContractionHierarchy, createDemand, createSites, readRoadsCsv, RoadGraphBuilder, roadNetwork, seededRandom, type RoadGraph, type ReachTable } from '../src/index.js';
import { readRoadNetworkFile } from '../src/node/index.js';
import { error } from './expect-error.js';

const shared = '../shared/data';

/** An arc of a small random graph: tail, head, minutes. */
type Arc = [number, number, number];

function graphOf(n: number, arcs: Arc[]): RoadGraph {
  const builder = new RoadGraphBuilder(n, arcs.length);
  for (let u = 0; u < n; u++) builder.addNode(1 + u * 0.001, 43);
  for (const [u, v, m] of arcs) builder.addArc(u, v, m, m);
  return builder.finish();
}

/**
 * The reference: a plain O(n²) Dijkstra over the arc list, no heap, no shared code. Arc minutes are read
 * through Math.fround, as the graph stores them (float32).
 */
function plainDijkstra(n: number, arcs: Arc[], source: number): number[] {
  const dist = new Array<number>(n).fill(Infinity);
  const done = new Array<boolean>(n).fill(false);
  dist[source] = 0;
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0) return dist;
    done[u] = true;
    for (const [a, b, m] of arcs) if (a === u && dist[u] + Math.fround(m) < dist[b]) dist[b] = dist[u] + Math.fround(m);
  }
}

/**
 * Random directed graphs: one-way arcs (both ways only when drawn both ways), parallel arcs, loops, zero
 * minutes, and parts that do not connect (nodes without arcs, or arcs only among some nodes). Minutes are
 * multiples of 1/64 so that every sum is exact in float64: the hierarchy must agree bit for bit.
 */
const smallGraph = fc.integer({ min: 1, max: 24 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    arcs: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 640 }).map((k) => k / 64))), { maxLength: 3 * n }),
    limit: fc.constantFrom(1, 2, 500),
  }),
);

describe('contraction hierarchy', () => {
  it('gives the minutes of a plain Dijkstra between every two nodes, bit for bit (random graphs, any witness limit)', () => {
    fc.assert(
      fc.property(smallGraph, ({ n, arcs, limit }) => {
        const hierarchy = ContractionHierarchy.build(graphOf(n, arcs), { witnessSettleLimit: limit });
        for (let s = 0; s < n; s++) {
          const expected = plainDijkstra(n, arcs, s);
          for (let t = 0; t < n; t++) expect(hierarchy.minutes(s, t)).toBe(expected[t]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees within float32 rounding when minutes are any float32 values', () => {
    const anyMinutes = fc.float({ min: 0, max: 1000, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }).chain((n) => fc.record({ n: fc.constant(n), arcs: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), anyMinutes), { maxLength: 3 * n }) })),
        ({ n, arcs }) => {
          const hierarchy = ContractionHierarchy.build(graphOf(n, arcs));
          for (let s = 0; s < n; s++) {
            const expected = plainDijkstra(n, arcs, s);
            for (let t = 0; t < n; t++) {
              const got = hierarchy.minutes(s, t);
              if (expected[t] === Infinity) expect(got).toBe(Infinity);
              else expect(Math.abs(got - expected[t])).toBeLessThanOrEqual(expected[t] * 2 ** -20 + 1e-30);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stays exact when witness searches give up at once and shortcuts pile up (the arc pools move and grow)', () => {
    const random = seededRandom(11);
    const n = 60;
    const arcs: Arc[] = [];
    for (let k = 0; k < 400; k++) {
      const u = Math.floor(random() * n);
      const v = Math.floor(random() * n);
      const m = Math.round(random() * 320) / 64;
      arcs.push([u, v, m]);
      if (random() < 0.6) arcs.push([v, u, m]);
    }
    const hierarchy = ContractionHierarchy.build(graphOf(n, arcs), { witnessSettleLimit: 1 });
    expect(hierarchy.shortcutCount).toBeGreaterThan(arcs.length);
    for (let s = 0; s < n; s++) {
      const expected = plainDijkstra(n, arcs, s);
      for (let t = 0; t < n; t++) expect(hierarchy.minutes(s, t)).toBe(expected[t]);
    }
  });

  it('only climbs: upward arcs go to higher ranks, downward arcs (stored reversed) too', () => {
    const random = seededRandom(7);
    const arcs: Arc[] = Array.from({ length: 300 }, () => [Math.floor(random() * 100), Math.floor(random() * 100), Math.round(random() * 640) / 64]);
    const h = ContractionHierarchy.build(graphOf(100, arcs));
    expect(new Set(h.rank).size).toBe(100);
    for (const arcs of [h.upward, h.downward]) {
      for (let u = 0; u < 100; u++) for (let a = arcs.offsets[u]; a < arcs.offsets[u + 1]; a++) expect(h.rank[arcs.head[a]]).toBeGreaterThan(h.rank[u]);
    }
  });

  it('does not change the graph and builds the same hierarchy twice', () => {
    const random = seededRandom(3);
    const arcs: Arc[] = Array.from({ length: 400 }, () => [Math.floor(random() * 120), Math.floor(random() * 120), Math.round(random() * 640) / 64]);
    const graph = graphOf(120, arcs);
    const before = { head: graph.head.slice(), minutes: graph.minutes.slice(), offsets: graph.offsets.slice() };
    const a = ContractionHierarchy.build(graph);
    const b = ContractionHierarchy.build(graph);
    expect(graph.head).toEqual(before.head);
    expect(graph.minutes).toEqual(before.minutes);
    expect(graph.offsets).toEqual(before.offsets);
    expect(a.rank).toEqual(b.rank);
    expect(a.upward).toEqual(b.upward);
    expect(a.downward).toEqual(b.downward);
  });

  it('goes into one ArrayBuffer and comes back the same; a travel model takes it without building', () => {
    const random = seededRandom(9);
    const arcs: Arc[] = Array.from({ length: 200 }, () => [Math.floor(random() * 70), Math.floor(random() * 70), Math.round(random() * 640) / 64]);
    const graph = graphOf(70, arcs);
    const built = ContractionHierarchy.build(graph);
    const back = ContractionHierarchy.from(built.toBuffer().slice(0));
    expect(back.rank).toEqual(built.rank);
    expect(back.upward).toEqual(built.upward);
    expect(back.downward).toEqual(built.downward);
    expect(back.shortcutCount).toBe(built.shortcutCount);
    for (let s = 0; s < 70; s += 7) {
      const expected = plainDijkstra(70, arcs, s);
      for (let t = 0; t < 70; t++) expect(back.minutes(s, t)).toBe(expected[t]);
    }
    const travel = roadNetwork(graph, { hierarchy: back });
    expect(travel.hierarchy()).toBe(back);
    expect(error(() => ContractionHierarchy.from(new ArrayBuffer(8))).message).toContain('too short');
    expect(error(() => ContractionHierarchy.from(built.toBuffer().slice(0, 100))).message).toMatch(/has 100 bytes; its header says \d+/);
    expect(error(() => roadNetwork(graphOf(3, []), { hierarchy: back })).message).toContain('option hierarchy has 70 nodes; the graph has 3');
  });

  it('reports its progress in nodes contracted', () => {
    const events: { step: string; done: number; total: number | null; finished?: boolean }[] = [];
    ContractionHierarchy.build(graphOf(50, [[0, 1, 1], [1, 2, 1], [2, 0, 1]]), { onProgress: (e) => events.push(e) });
    expect(new Set(events.map((e) => e.step))).toEqual(new Set(['contraction hierarchy']));
    expect(events.at(-1)).toMatchObject({ done: 50, total: 50, finished: true });
    for (let k = 1; k < events.length; k++) expect(events[k].done).toBeGreaterThanOrEqual(events[k - 1].done);
  });

  it('rejects bad options, naming them', () => {
    const graph = graphOf(3, [[0, 1, 1]]);
    const limit = error(() => ContractionHierarchy.build(graph, { witnessSettleLimit: 0 }));
    expect(limit.code).toBe('INVALID_OPTION');
    expect(limit.message).toContain('witnessSettleLimit');
    expect(error(() => ContractionHierarchy.build(graph, { within: new Uint8Array(2) })).message).toMatch(/within marks 2 nodes; the graph has 3/);
    const method = error(() => roadNetwork(graph, { manyToMany: 'fast' as never }));
    expect(method.code).toBe('INVALID_OPTION');
    expect(method.message).toContain('manyToMany must be "auto", "contraction" or "dijkstra", not "fast"');
  });
});

describe('bucket many-to-many', () => {
  const problem = smallGraph.chain(({ n, arcs }) =>
    fc.record({
      n: fc.constant(n),
      arcs: fc.constant(arcs),
      demand: fc.array(fc.tuple(fc.integer({ min: -1, max: n - 1 }), fc.integer({ min: 0, max: 64 }).map((k) => k / 16)), { minLength: 1, maxLength: 10 }),
      sites: fc.array(fc.tuple(fc.integer({ min: -1, max: n - 1 }), fc.integer({ min: 0, max: 64 }).map((k) => k / 16)), { minLength: 1, maxLength: 10 }),
      maxMinutes: fc.integer({ min: 0, max: 40 }),
      bucketSide: fc.constantFrom('sites' as const, 'demand' as const),
    }),
  );
  const placed = (points: [number, number][]) => ({ node: Int32Array.from(points, (p) => p[0]), offMinutes: Float64Array.from(points, (p) => p[1]) });

  it('meets every pair that fits in the cutoff, with the network minutes of a plain Dijkstra, from either side', () => {
    fc.assert(
      fc.property(problem, ({ n, arcs, demand, sites, maxMinutes, bucketSide }) => {
        const hierarchy = ContractionHierarchy.build(graphOf(n, arcs));
        const met = new Map<string, number>();
        let lastScan = -1;
        bucketManyToMany(hierarchy, placed(demand), placed(sites), maxMinutes, (i, j, onNetwork) => {
          expect(met.has(`${i},${j}`)).toBe(false);
          met.set(`${i},${j}`, onNetwork);
          // Pairs come grouped by the scanning side's points, in order.
          const scan = bucketSide === 'sites' ? i : j;
          expect(scan).toBeGreaterThanOrEqual(lastScan);
          lastScan = scan;
        }, { bucketSide });
        demand.forEach(([u, dOff], i) => {
          const dist = u >= 0 ? plainDijkstra(n, arcs, u) : [];
          sites.forEach(([v, sOff], j) => {
            const onNetwork = u >= 0 && v >= 0 ? dist[v] : Infinity;
            const got = met.get(`${i},${j}`);
            if (got !== undefined) expect(got).toBe(onNetwork);
            else expect(dOff + onNetwork + sOff).toBeGreaterThan(maxMinutes);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** The two tables hold the same rows, sites and minutes, bit for bit, and the same nearest sites. */
function expectSameTable(a: ReachTable, b: ReachTable): void {
  expect(a.pairCount).toBe(b.pairCount);
  expect(a.offsets).toEqual(b.offsets);
  expect(a.site).toEqual(b.site);
  expect(a.minutes).toEqual(b.minutes);
  expect(a.nearestSite).toEqual(b.nearestSite);
  expect(a.nearestMinutes).toEqual(b.nearestMinutes);
}

describe('road networks: the hierarchy gives the tables of one Dijkstra per site, bit for bit', () => {
  const { graph: toulouse } = readRoadsCsv(readFileSync(`${shared}/osm-toulouse-insa/toulouse_nodes.csv`, 'utf8'), readFileSync(`${shared}/osm-toulouse-insa/toulouse_arcs.csv`, 'utf8'));

  function points(count: number, seed: number, west: number, south: number, width: number, height: number) {
    const random = seededRandom(seed);
    return Array.from({ length: count }, (_, k) => ({ id: `p${k}`, lon: west + random() * width, lat: south + random() * height }));
  }

  it('Toulouse, 400 demand points × 60 sites and 40 × 300, at 5, 15 and 30 minutes; restrictTo finds the same nearest open sites', () => {
    const bucketed = roadNetwork(toulouse, { manyToMany: 'contraction' });
    const plain = roadNetwork(toulouse, { manyToMany: 'dijkstra' });
    // Over the whole network's box and beyond its edge: some points are not placed at all.
    const many = points(400, 1, 1.32, 43.52, 0.22, 0.18);
    const few = points(60, 2, 1.32, 43.52, 0.22, 0.18);
    for (const [d, s] of [
      [many, few],
      [few.slice(0, 40), points(300, 3, 1.32, 43.52, 0.22, 0.18)],
    ]) {
      const demand = createDemand(d.map((p) => ({ ...p, population: 1 })));
      const sites = createSites(s);
      for (const maxMinutes of [5, 15, 30]) {
        const a = bucketed.reach(demand, sites, { maxMinutes });
        const b = plain.reach(demand, sites, { maxMinutes });
        expectSameTable(a, b);
        expect(a.pairCount).toBeGreaterThan(0);
        const open = Uint8Array.from(s, (_, j) => (j % 3 === 0 ? 1 : 0));
        expectSameTable(a.restrictTo(open), b.restrictTo(open));
      }
    }
    // One upward search per placed point on each side, plus the one for the nearest sites.
    const placed = (p: { id: string; lon: number; lat: number }[]) => bucketed.snap(createSites(p)).node.filter((u) => u >= 0).length;
    const last = [few.slice(0, 40), points(300, 3, 1.32, 43.52, 0.22, 0.18)];
    expect(bucketed.lastReport!.searches).toBe(placed(last[0]) + placed(last[1]) + 1);
    expect(placed(last[1])).toBeLessThan(300); // some are beyond the 5 km snapping limit
  });

  it('auto builds the hierarchy only when the searches it replaces would settle more, then keeps it', () => {
    const travel = roadNetwork(toulouse);
    const demand = createDemand(points(200, 6, 1.38, 43.56, 0.1, 0.08).map((p) => ({ ...p, population: 1 })));
    const sites = createSites(points(200, 7, 1.38, 43.56, 0.1, 0.08));
    // Two sites: two searches settle at most twice the network, far less than the build.
    travel.reach(demand, createSites(points(2, 8, 1.38, 43.56, 0.1, 0.08)), { maxMinutes: 30 });
    expect(travel.lastReport!.manyToMany).toBe('dijkstra');
    // 200 sites at one minute: each search settles a few streets.
    travel.reach(demand, sites, { maxMinutes: 1 });
    expect(travel.lastReport!.manyToMany).toBe('dijkstra');
    // 200 sites at 30 minutes: each search settles the town (README: 26,000 nodes), 200 × 26,000 > CONTRACTION_COST × 25,700.
    travel.reach(demand, sites, { maxMinutes: 30 });
    expect(travel.lastReport!.manyToMany).toBe('contraction');
    travel.reach(demand, createSites(points(2, 8, 1.38, 43.56, 0.1, 0.08)), { maxMinutes: 30 });
    expect(travel.lastReport!.manyToMany).toBe('contraction');
  });

  it('Andorra (OSM XML): 300 demand points × 25 sites in the valleys at 20 and 45 minutes', async () => {
    const { graph } = await readRoadNetworkFile(`${shared}/osm-andorra/andorra-drive-highways.osm`);
    const demand = createDemand(points(300, 4, 1.42, 42.43, 0.36, 0.22).map((p) => ({ ...p, population: 1 })));
    const sites = createSites(points(25, 5, 1.42, 42.43, 0.36, 0.22));
    for (const maxMinutes of [20, 45]) {
      const a = roadNetwork(graph, { manyToMany: 'contraction' }).reach(demand, sites, { maxMinutes });
      const b = roadNetwork(graph, { manyToMany: 'dijkstra' }).reach(demand, sites, { maxMinutes });
      expectSameTable(a, b);
      expect(a.pairCount).toBeGreaterThan(100);
    }
  });
});
