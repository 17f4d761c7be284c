import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createDemand, createSites, greatCircleKm, parseTable, readRoadsCsv, roadNetwork, ShortestPaths, type NetworkTravel, type RoadGraph } from '../src/index.js';
import { readRoadNetworkFile } from '../src/node/index.js';

const shared = '../shared/data';
const insaNodes = readFileSync(`${shared}/osm-toulouse-insa/insa_nodes.csv`, 'utf8');
const insaArcs = readFileSync(`${shared}/osm-toulouse-insa/insa_arcs.csv`, 'utf8');

/**
 * The INSA campus network rebuilt in the test, straight from the CSV rows, with the rules the README
 * states: car_access 1, 3, 5 or 15; not a foot or cycle class; minutes = km ÷ (maxspeed × 0.8 (OSRM car profile)) × 60;
 * oneway 0 adds the reverse arc. Then a plain O(n²) Dijkstra, no heap, no shared code.
 */
function plainInsa() {
  const nodes = parseTable(insaNodes).rows;
  const index = new Map(nodes.map((r, i) => [r.id, i]));
  const adjacency: [number, number][][] = nodes.map(() => []);
  const closed = new Set(['pedestrian', 'cycleway', 'footway', 'path', 'steps', 'track']);
  for (const r of parseTable(insaArcs).rows) {
    if (!['1', '3', '5', '15'].includes(r.car_access) || closed.has(r.highway)) continue;
    const minutes = (Number(r.length_m) / 1000 / (Number(r.maxspeed_kmh) * 0.8)) * 60;
    const from = index.get(r.from)!;
    const to = index.get(r.to)!;
    adjacency[from].push([to, minutes]);
    if (r.oneway === '0') adjacency[to].push([from, minutes]);
  }
  const dijkstra = (source: number) => {
    const dist = new Array(nodes.length).fill(Infinity);
    const done = new Array(nodes.length).fill(false);
    dist[source] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < nodes.length; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
      if (u < 0) return dist;
      done[u] = true;
      for (const [v, m] of adjacency[u]) if (dist[u] + m < dist[v]) dist[v] = dist[u] + m;
    }
  };
  return { nodes, dijkstra };
}

describe('the INSA campus network (Toulouse)', () => {
  const { graph } = readRoadsCsv(insaNodes, insaArcs);
  const plain = plainInsa();

  it('gives the same minutes as a plain Dijkstra written in the test, from 25 sources', () => {
    const search = new ShortestPaths(graph);
    for (let s = 0; s < graph.nodeCount; s += Math.floor(graph.nodeCount / 25)) {
      const expected = plain.dijkstra(s);
      search.run([s], null, Infinity);
      for (let v = 0; v < graph.nodeCount; v++) {
        // Arc minutes are stored as float32: compare to 1e-4 minutes (6 ms).
        if (Number.isFinite(expected[v])) expect(Math.abs(search.minutes(v) - expected[v])).toBeLessThan(1e-4);
        else expect(search.minutes(v)).toBe(Infinity);
      }
    }
  });
});

/** Sum the minutes of a route arc by arc from its node positions and the class speeds, as a reader would. */
function routeByHand(graph: RoadGraph, arcs: number[], speedOf: (arc: number) => number): number {
  const tails = new Uint32Array(graph.arcCount);
  for (let u = 0; u < graph.nodeCount; u++) tails.fill(u, graph.offsets[u], graph.offsets[u + 1]);
  return arcs.reduce((t, a) => t + (greatCircleKm(graph.lon[tails[a]], graph.lat[tails[a]], graph.lon[graph.head[a]], graph.lat[graph.head[a]]) / speedOf(a)) * 60, 0);
}

describe('Andorra: the same roads from .osm.pbf, .osm and GeoJSON', async () => {
  const [pbf, osm, geojson] = await Promise.all(
    ['andorra-latest-2025-01-19.osm.pbf', 'andorra-drive-highways.osm', 'andorra-drive-highways.geojson'].map((f) => readRoadNetworkFile(`${shared}/osm-andorra/${f}`)),
  );

  it('build graphs of the same size', () => {
    expect(osm.graph.nodeCount).toBe(pbf.graph.nodeCount);
    expect(geojson.graph.nodeCount).toBe(pbf.graph.nodeCount);
    expect(osm.graph.arcCount).toBe(pbf.graph.arcCount);
    expect(geojson.graph.arcCount).toBe(pbf.graph.arcCount);
    // SOURCE.md: 3,453 ways in the drive extract; 45 of them are closed to cars by their access tags.
    expect(osm.report.ways).toBe(3453);
    expect(osm.report.waysUsed + osm.report.leftOut.noCarAccess).toBe(3453);
  });

  it('give the same travel times between the same places', () => {
    // Demand points and sites spread over the valleys; each graph snaps them on its own.
    const demand = createDemand(Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, lon: 1.45 + (i % 6) * 0.055, lat: 42.45 + Math.floor(i / 6) * 0.04, population: 1 })));
    const sites = createSites([
      { id: 'andorra-la-vella', lon: 1.5218, lat: 42.5063 },
      { id: 'encamp', lon: 1.5797, lat: 42.5357 },
      { id: 'pas-de-la-casa', lon: 1.7333, lat: 42.5426 },
    ]);
    const tables = [pbf, osm, geojson].map((n) => roadNetwork(n.graph).reach(demand, sites, { maxMinutes: 60 }));
    for (const t of tables.slice(1)) {
      expect(Array.from(t.offsets)).toEqual(Array.from(tables[0].offsets));
      expect(Array.from(t.site)).toEqual(Array.from(tables[0].site));
      t.minutes.forEach((m, k) => expect(Math.abs(m - tables[0].minutes[k])).toBeLessThan(1e-3));
    }
    expect(tables[0].pairCount).toBeGreaterThan(20);
  });

  it('sample routes add up arc by arc to the minutes of the search', () => {
    const graph = osm.graph;
    const search = new ShortestPaths(graph);
    // Speeds per arc recovered from the graph's own km and minutes are what we check against positions:
    const speedOf = (a: number) => (graph.km[a] / graph.minutes[a]) * 60;
    for (const source of [0, 1000, 20000]) {
      search.run([source], null, 45);
      for (const k of [10, 500, search.settledCount - 1]) {
        const target = search.settled[Math.min(k, search.settledCount - 1)];
        const arcs = search.pathArcs(target)!;
        expect(routeByHand(graph, arcs, speedOf)).toBeCloseTo(search.minutes(target), 2);
      }
    }
  });
});

describe('Toulouse: routes checked against the arcs table', () => {
  it('adds up the length ÷ speed of each arc of a route, read from the CSV rows', async () => {
    const { graph } = await readRoadNetworkFile(`${shared}/osm-toulouse-insa/toulouse_arcs.csv`);
    const nodes = parseTable(readFileSync(`${shared}/osm-toulouse-insa/toulouse_nodes.csv`, 'utf8')).rows;
    const rows = parseTable(readFileSync(`${shared}/osm-toulouse-insa/toulouse_arcs.csv`, 'utf8')).rows;
    // Fastest CSV arc between two nodes, in either stored direction when it is two-way.
    const fastest = new Map<string, number>();
    for (const r of rows) {
      if (!['1', '3', '5', '15'].includes(r.car_access)) continue;
      const m = (Number(r.length_m) / 1000 / (Number(r.maxspeed_kmh) * 0.8)) * 60;
      for (const key of r.oneway === '0' ? [`${r.from}>${r.to}`, `${r.to}>${r.from}`] : [`${r.from}>${r.to}`]) fastest.set(key, Math.min(fastest.get(key) ?? Infinity, m));
    }
    const tails = new Uint32Array(graph.arcCount);
    for (let u = 0; u < graph.nodeCount; u++) tails.fill(u, graph.offsets[u], graph.offsets[u + 1]);
    const search = new ShortestPaths(graph);
    let checked = 0;
    for (const source of [100, 5000, 20000, 30000]) {
      search.run([source], null, 30);
      for (const k of [50, 2000, search.settledCount - 1]) {
        const target = search.settled[Math.min(k, search.settledCount - 1)];
        const sum = search.pathArcs(target)!.reduce((t, a) => t + fastest.get(`${nodes[tails[a]].id}>${nodes[graph.head[a]].id}`)!, 0);
        expect(Math.abs(sum - search.minutes(target))).toBeLessThan(1e-3);
        checked++;
      }
    }
    expect(checked).toBe(12);
  });
});

describe('the maxspeed factor is an option of the network spec, stated in the description', () => {
  it('maxspeed=1 drives the INSA campus at the posted limits: every arc 0.8 times as long as by default', async () => {
    const { travelFromSpecNode } = await import('../src/node/index.js');
    const path = `${shared}/osm-toulouse-insa/insa_arcs.csv`;
    const atLimit = (await travelFromSpecNode(`network:${path},maxspeed=1`)).travel as NetworkTravel;
    const usual = (await travelFromSpecNode(`network:${path}`)).travel as NetworkTravel;
    // Every drivable INSA arc has a maxspeed (checked here), so every arc takes 0.8 × its default minutes.
    expect(parseTable(insaArcs).rows.every((r) => Number(r.maxspeed_kmh) > 0)).toBe(true);
    expect(atLimit.graph.arcCount).toBe(usual.graph.arcCount);
    for (let k = 0; k < usual.graph.arcCount; k++) expect(atLimit.graph.minutes[k]).toBeCloseTo(usual.graph.minutes[k] * 0.8, 5);
    expect(usual.describe!().words).toContain('0.8 × the posted maxspeed');
    expect(atLimit.describe!().words).toContain('1 × the posted maxspeed');
    expect(atLimit.describe!().spec).toBe(`network:${path},maxspeed=1`);
    await expect(travelFromSpecNode(`network:${path},maxspeed=fast`)).rejects.toThrow(/maxspeed factor "fast" is not a number/);
  });
});
