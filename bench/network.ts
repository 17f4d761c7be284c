/**
 * Road-network benchmark on the Toulouse network (OSM, 40k nodes, 55k arcs) and a synthetic network of a
 * million arcs.   npx tsx bench/network.ts   (npm run bench runs it after the core bench)
 *
 * Targets, as ratios timed in this run:
 * - many-to-many (2,000 demand points × 200 sites within 30 minutes) at least 10× faster than the same answer
 *   with an established JavaScript graph library (graphology-shortest-path);
 * - bucket many-to-many on a contraction hierarchy at least 5× faster than one bounded Dijkstra per site
 *   (what careshed did before), with the same minutes bit for bit; the hierarchy's build timed apart, and the
 *   growth with the number of sites (20 to 500) shown for both;
 * - the synthetic network builds in under 3 s and 300 MB.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { MultiDirectedGraph } from 'graphology';
import { singleSource } from 'graphology-shortest-path/dijkstra.js';
import { CONTRACTION_COST, createDemand, createSites, readRoadsCsv, roadNetwork, RoadGraphBuilder, seededRandom, ShortestPaths, type ReachTable } from 'careshed';

import { printTable, time } from './timing.js';

const dir = '../shared/data/osm-toulouse-insa';
const nodesText = readFileSync(`${dir}/toulouse_nodes.csv`, 'utf8');
const arcsText = readFileSync(`${dir}/toulouse_arcs.csv`, 'utf8');

const build = time('build: Toulouse CSV → graph', () => readRoadsCsv(nodesText, arcsText).graph, 3, 1);
const graph = build.value;
const travel = roadNetwork(graph);
const centre = travel.snap(createSites([{ id: 'capitole', lon: 1.4442, lat: 43.6045 }])).node[0];
const search = new ShortestPaths(graph);
const oneToAll = time('one-to-all, 30 minutes', () => search.run([centre], null, 30), 20, 5);

const random = seededRandom(31);
const inTown = () => ({ lon: 1.38 + random() * 0.1, lat: 43.56 + random() * 0.08 });
const demand = createDemand(Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, ...inTown(), population: 1 })));
const sites = createSites(Array.from({ length: 200 }, (_, j) => ({ id: `s${j}`, ...inTown() })));

// The contraction hierarchy of the main network: built once (its time and memory apart), then kept.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const beforeHierarchy = process.memoryUsage();
const hierarchyBuild = time('contraction hierarchy (Toulouse main network)', () => roadNetwork(graph, { manyToMany: 'contraction' }).hierarchy(), 3, 1);
const afterHierarchy = process.memoryUsage();
const hierarchy = hierarchyBuild.value;
// The build in one-to-all searches, timed by turns so that a busy machine slows both alike: what `auto` weighs.
const inSearches = [0, 1, 2].map(() => {
  const start = performance.now();
  roadNetwork(graph, { manyToMany: 'contraction' }).hierarchy();
  const buildMs = performance.now() - start;
  const searchStart = performance.now();
  for (let k = 0; k < 20; k++) search.run([centre], null, Infinity);
  return buildMs / ((performance.now() - searchStart) / 20);
});
const hierarchyInSearches = inSearches.sort((a, b) => a - b)[1];
// Heap and typed arrays held after the last build, before collection: an upper bound of what it needs.
const hierarchyPeakMB = (afterHierarchy.heapUsed + afterHierarchy.arrayBuffers - (beforeHierarchy.heapUsed + beforeHierarchy.arrayBuffers)) / 2 ** 20;
const bucketed = roadNetwork(graph, { manyToMany: 'contraction' });
bucketed.hierarchy();
const plain = roadNetwork(graph, { manyToMany: 'dijkstra' });

/** Whether two tables hold the same pairs and nearest sites, bit for bit. */
const same = (a: ReachTable, b: ReachTable) =>
  a.pairCount === b.pairCount && [['offsets', 'site', 'minutes', 'nearestSite', 'nearestMinutes'] as const].flat().every((k) => (a[k] as ArrayLike<number>).length === (b[k] as ArrayLike<number>).length && Array.prototype.every.call(a[k], (x: number, q: number) => Object.is(x, (b[k] as ArrayLike<number>)[q])));

// How each grows with the number of sites: 2,000 demand points × 20 … 500 sites, 30 minutes.
const siteCounts = [20, 50, 100, 200, 500];
const siteRecords = Array.from({ length: 500 }, (_, j) => ({ id: `g${j}`, ...inTown() }));
const growth = siteCounts.map((count) => {
  const some = createSites(siteRecords.slice(0, count));
  const dijkstra = time(`one Dijkstra per site, 2,000 × ${count}`, () => plain.reach(demand, some, { maxMinutes: 30 }), 3, 1);
  const contraction = time(`bucket many-to-many, 2,000 × ${count}`, () => bucketed.reach(demand, some, { maxMinutes: 30 }), 3, 1);
  return { sites: count, pairs: contraction.value.pairCount, dijkstraMs: dijkstra.timing.ms, contractionMs: contraction.timing.ms, speedup: dijkstra.timing.ms / contraction.timing.ms, sameMinutes: same(dijkstra.value, contraction.value) };
});
const at200 = growth.find((g) => g.sites === 200)!;

const manyToMany = time('careshed many-to-many 2,000 × 200, 30 min (default: auto)', () => travel.reach(demand, sites, { maxMinutes: 30 }), 5, 1);
const chosen = travel.lastReport!.manyToMany;

// The same with graphology: the reversed graph, one single-source Dijkstra per site, path lengths summed.
const reversed = new MultiDirectedGraph<Record<string, never>, { minutes: number }>();
for (let u = 0; u < graph.nodeCount; u++) reversed.addNode(String(u));
for (let u = 0; u < graph.nodeCount; u++) for (let a = graph.offsets[u]; a < graph.offsets[u + 1]; a++) reversed.addEdge(String(graph.head[a]), String(u), { minutes: graph.minutes[a] });
const d = travel.snap(demand);
const s = travel.snap(sites);
const sample = 20; // sites timed; the 200 take 10 times as long (independent searches)
const naive = time(`graphology singleSource × ${sample} sites (× ${200 / sample} for 200)`, () => {
  let pairs = 0;
  for (let j = 0; j < sample; j++) {
    const paths = singleSource(reversed, String(s.node[j]), 'minutes');
    for (let i = 0; i < demand.size; i++) {
      const path = paths[String(d.node[i])];
      if (!path) continue;
      let minutes = s.offMinutes[j] + d.offMinutes[i];
      for (let k = 1; k < path.length; k++) {
        let best = Infinity;
        reversed.forEachOutEdge(path[k - 1], path[k], (_e, attributes) => {
          best = Math.min(best, attributes.minutes);
        });
        minutes += best;
      }
      if (minutes <= 30) pairs++;
    }
  }
  return pairs;
}, 1, 1);
const naiveFull = naive.timing.ms * (200 / sample);
const speedup = naiveFull / manyToMany.timing.ms;

// A synthetic network of a million arcs: a 500 × 1,000 grid, two-way streets, seeded speeds.
// Run with --expose-gc (npm run bench does) so that the measure starts from a collected heap.
gc?.();
const memoryBefore = process.memoryUsage();
const synthetic = time('build: synthetic 500k nodes, 1M arcs', () => {
  const r = seededRandom(5);
  const b = new RoadGraphBuilder(500_000, 2_000_000);
  for (let x = 0; x < 500; x++) for (let y = 0; y < 1000; y++) b.addNode(x * 0.001, 43 + y * 0.001);
  for (let x = 0; x < 500; x++) for (let y = 0; y < 1000; y++) {
    const u = x * 1000 + y;
    if (x < 499 && r() < 0.5) b.addArc(u, u + 1000, 0.08, 0.08 * (1 + r()));
    if (y < 999) b.addArc(u, u + 1, 0.11, 0.11 * (1 + r()));
    if (x > 0 && r() < 0.5) b.addArc(u, u - 1000, 0.08, 0.08 * (1 + r()));
  }
  return b.finish();
}, 1, 0);
const memoryAfter = process.memoryUsage();
// Heap and typed-array memory held after the build, before collection: the graph plus the builder's
// arrays, an upper bound of what the build needs.
const peak = memoryAfter.heapUsed + memoryAfter.arrayBuffers - (memoryBefore.heapUsed + memoryBefore.arrayBuffers);
const syntheticMB = peak / 2 ** 20;

printTable(
  ['case', 'median ms', 'result'],
  [
    [build.timing.name, build.timing.ms.toFixed(0), `${graph.nodeCount} nodes, ${graph.arcCount} arcs`],
    [oneToAll.timing.name, oneToAll.timing.ms.toFixed(1), `${oneToAll.value} nodes settled`],
    [manyToMany.timing.name, manyToMany.timing.ms.toFixed(0), `${manyToMany.value.pairCount} pairs, ${chosen}`],
    [naive.timing.name, naive.timing.ms.toFixed(0), `${naive.value} pairs from ${sample} sites; ${naiveFull.toFixed(0)} ms for 200`],
    [synthetic.timing.name, synthetic.timing.ms.toFixed(0), `${synthetic.value.arcCount} arcs, graph ${(synthetic.value.byteLength / 2 ** 20).toFixed(0)} MB`],
    [
      hierarchyBuild.timing.name,
      hierarchyBuild.timing.ms.toFixed(0),
      `${hierarchy.shortcutCount} shortcuts, ${(hierarchy.byteLength / 2 ** 20).toFixed(1)} MB kept, ${hierarchyPeakMB.toFixed(0)} MB to build; = ${hierarchyInSearches.toFixed(0)} one-to-all searches (auto assumes ${CONTRACTION_COST})`,
    ],
  ],
);
console.log('\nToulouse, 2,000 demand points, 30 minutes: one bounded Dijkstra per site against bucket many-to-many (hierarchy built)');
printTable(
  ['sites', 'pairs', 'Dijkstra ms', 'buckets ms', 'speed-up', 'same minutes'],
  growth.map((g) => [g.sites, g.pairs, g.dijkstraMs.toFixed(0), g.contractionMs.toFixed(0), `${g.speedup.toFixed(1)}×`, g.sameMinutes ? 'yes' : 'NO']),
);
const targets = [
  { target: 'many-to-many ≥ 10× faster than graphology', value: `${speedup.toFixed(0)}×`, met: speedup >= 10 },
  { target: 'buckets on the hierarchy ≥ 5× faster than one Dijkstra per site (2,000 × 200)', value: `${at200.speedup.toFixed(1)}×`, met: at200.speedup >= 5 },
  { target: 'the same minutes, bit for bit, at every number of sites', value: growth.every((g) => g.sameMinutes) ? 'yes' : 'no', met: growth.every((g) => g.sameMinutes) },
  { target: 'synthetic 1M arcs: build < 3 s', value: `${(synthetic.timing.ms / 1000).toFixed(2)} s`, met: synthetic.timing.ms < 3000 },
  { target: 'synthetic 1M arcs: < 300 MB (heap + typed arrays)', value: `${syntheticMB.toFixed(0)} MB`, met: syntheticMB < 300 },
];
console.log();
printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/network.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      timings: [build.timing, oneToAll.timing, manyToMany.timing, naive.timing, synthetic.timing, hierarchyBuild.timing],
      graphologyFor200Ms: naiveFull,
      speedup,
      syntheticMB,
      hierarchy: { buildMs: hierarchyBuild.timing.ms, shortcuts: hierarchy.shortcutCount, keptMB: hierarchy.byteLength / 2 ** 20, buildPeakMB: hierarchyPeakMB, oneToAllSearches: hierarchyInSearches },
      manyToManyBySites: growth,
      targets,
    },
    null,
    2,
  ) + '\n',
);
console.log('\nwrote bench/results/network.json');
if (targets.some((t) => !t.met)) process.exitCode = 1;
