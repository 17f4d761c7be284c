import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { carAllowed, judgeWay, CAR_PROFILE, parseMaxspeed, parseOneway, RoadGraph, RoadGraphBuilder, ShortestPaths, stronglyConnected } from '../src/index.js';

/** A random directed graph: n nodes, arcs (u, v, minutes). */
const randomGraph = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    arcs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 0, max: 20 })), { maxLength: 40 }),
  }),
);

function build(n: number, arcs: [number, number, number][]): RoadGraph {
  const b = new RoadGraphBuilder(1, 1);
  for (let u = 0; u < n; u++) b.addNode(u * 0.01, 0);
  for (const [u, v, m] of arcs) b.addArc(u, v, m / 10, m);
  return b.finish();
}

/** All-pairs shortest minutes by Floyd–Warshall, the reference. */
function floydWarshall(n: number, arcs: [number, number, number][]): number[][] {
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (const [u, v, m] of arcs) d[u][v] = Math.min(d[u][v], m);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
  return d;
}

describe('ShortestPaths', () => {
  it('equals Floyd–Warshall from every source, unbounded and bounded', () => {
    fc.assert(
      fc.property(randomGraph, fc.integer({ min: 0, max: 40 }), ({ n, arcs }, bound) => {
        const graph = build(n, arcs);
        const fw = floydWarshall(n, arcs);
        const search = new ShortestPaths(graph);
        for (let s = 0; s < n; s++) {
          search.run([s], null, Infinity);
          for (let v = 0; v < n; v++) expect(search.minutes(v)).toBe(fw[s][v]);
          search.run([s], null, bound);
          for (let v = 0; v < n; v++) expect(search.minutes(v)).toBe(fw[s][v] <= bound ? fw[s][v] : Infinity);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('searches from several sources with head starts and says which source won', () => {
    fc.assert(
      fc.property(randomGraph, fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 4 }), ({ n, arcs }, starts) => {
        const sources = starts.map(([s]) => s % n);
        const initial = starts.map(([, d]) => d);
        const graph = build(n, arcs);
        const fw = floydWarshall(n, arcs);
        const search = new ShortestPaths(graph);
        search.run(sources, initial, Infinity);
        for (let v = 0; v < n; v++) {
          const best = Math.min(...sources.map((s, k) => initial[k] + fw[s][v]));
          expect(search.minutes(v)).toBe(best);
          if (Number.isFinite(best)) {
            const k = search.origin(v);
            expect(initial[k] + fw[sources[k]][v]).toBe(best);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('settles in non-decreasing order and gives paths whose arcs add up', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, arcs }) => {
        const graph = build(n, arcs);
        const search = new ShortestPaths(graph);
        const count = search.run([0], null, Infinity);
        const tails = new Uint32Array(graph.arcCount);
        for (let u = 0; u < n; u++) tails.fill(u, graph.offsets[u], graph.offsets[u + 1]);
        for (let k = 0; k < count; k++) {
          const u = search.settled[k];
          if (k > 0) expect(search.minutes(u)).toBeGreaterThanOrEqual(search.minutes(search.settled[k - 1]));
          const path = search.pathArcs(u)!;
          expect(path.reduce((t, a) => t + graph.minutes[a], 0)).toBe(search.minutes(u));
          if (path.length) expect(tails[path[0]]).toBe(0);
          path.forEach((a, p) => p > 0 && expect(tails[a]).toBe(graph.head[path[p - 1]]));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reverses a graph: a search on the reverse gives times towards the source', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, arcs }) => {
        const fw = floydWarshall(n, arcs);
        const search = new ShortestPaths(build(n, arcs).reverse());
        search.run([0], null, Infinity);
        for (let v = 0; v < n; v++) expect(search.minutes(v)).toBe(fw[v][0]);
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips a graph through one ArrayBuffer', () => {
    const graph = build(3, [[0, 1, 5], [1, 2, 7]]);
    const back = RoadGraph.from(graph.toBuffer());
    expect(Array.from(back.head)).toEqual(Array.from(graph.head));
    expect(Array.from(back.minutes)).toEqual([5, 7]);
    expect(() => RoadGraph.from(new ArrayBuffer(4))).toThrow(/too short/);
  });
});

describe('stronglyConnected', () => {
  it('finds the components of a hand-drawn graph', () => {
    // 0 ⇄ 1 ⇄ 2 is one component; 3 → 0 and 2 → 4 hang off it; 5 ⇄ 6 is another.
    const graph = build(7, [[0, 1, 1], [1, 0, 1], [1, 2, 1], [2, 1, 1], [3, 0, 1], [2, 4, 1], [5, 6, 1], [6, 5, 1]]);
    const { component, count, largest, largestSize } = stronglyConnected(graph);
    expect(count).toBe(4);
    expect(largestSize).toBe(3);
    expect(component[0]).toBe(largest);
    expect(component[1]).toBe(largest);
    expect(component[2]).toBe(largest);
    expect(component[5]).toBe(component[6]);
    expect(new Set([component[3], component[4], component[5]]).size).toBe(3);
  });
});

describe('speed profile', () => {
  it.each([
    ['50', 50],
    ['30 mph', 30 * 1.609344],
    ['20 knots', 20 * 1.852],
    ['FR:urban', 50],
    ['FR:rural', 80],
    ['FR:zone30', 30],
    ['AD:rural', 90],
    ['walk', 6],
    ['50;70', 50],
    [' 90 km/h', 90],
  ])('reads maxspeed %j as %f km/h', (text, kmh) => {
    expect(parseMaxspeed(text)).toBeCloseTo(kmh, 9);
  });

  it('has no limit for none, signals, variable, and NaN for what does not parse', () => {
    expect(parseMaxspeed('none')).toBeNull();
    expect(parseMaxspeed('signals')).toBeNull();
    expect(parseMaxspeed('variable')).toBeNull();
    for (const bad of ['fast', 'FR:moon', '-20', '0', '50 furlongs', '50;slow']) expect(parseMaxspeed(bad)).toBeNaN();
  });

  it('reads oneway with the implied oneway of roundabouts and motorways', () => {
    expect(parseOneway({ oneway: 'yes' })).toBe('forward');
    expect(parseOneway({ oneway: '1' })).toBe('forward');
    expect(parseOneway({ oneway: '-1' })).toBe('backward');
    expect(parseOneway({ oneway: 'no', junction: 'roundabout' })).toBe('both');
    expect(parseOneway({ junction: 'roundabout' })).toBe('forward');
    expect(parseOneway({ highway: 'motorway' })).toBe('forward');
    expect(parseOneway({ highway: 'primary' })).toBe('both');
    expect(parseOneway({ oneway: 'reversible' })).toBeUndefined();
  });

  it('leaves out roads a car may not use', () => {
    expect(carAllowed({ access: 'no' })).toBe(false);
    expect(carAllowed({ access: 'private' })).toBe(false);
    expect(carAllowed({ access: 'no', motorcar: 'yes' })).toBe(true);
    expect(carAllowed({ motor_vehicle: 'no' })).toBe(false);
    expect(judgeWay({ highway: 'footway' }, CAR_PROFILE)).toEqual({ use: false, reason: 'closed to cars', highway: 'footway' });
    expect(judgeWay({ highway: 'hoverway' }, CAR_PROFILE)).toEqual({ use: false, reason: 'unknown highway', highway: 'hoverway' });
    expect(judgeWay({ name: 'x' }, CAR_PROFILE)).toEqual({ use: false, reason: 'not a highway' });
    expect(judgeWay({ highway: 'primary', maxspeed: 'fast' }, CAR_PROFILE)).toMatchObject({ use: true, kmh: 65, maxspeedUnparsed: 'fast' });
    expect(judgeWay({ highway: 'primary', maxspeed: '80' }, CAR_PROFILE)).toMatchObject({ use: true, kmh: 80 * 0.8 });
  });
});
