import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createDemand, createSites, greatCircleKm, readRoadsCsv, readRoadsGeoJson, readRoadsOsmXml, roadNetwork, ShortestPaths, stronglyConnected } from '../src/index.js';
import { error } from './expect-error.js';

const shared = '../shared/data';
const { graph } = readRoadsCsv(readFileSync(`${shared}/osm-toulouse-insa/insa_nodes.csv`, 'utf8'), readFileSync(`${shared}/osm-toulouse-insa/insa_arcs.csv`, 'utf8'));
// The campus: lon 1.459–1.475, lat 43.566–43.574 or so.
const west = Math.min(...graph.lon);
const east = Math.max(...graph.lon);
const south = Math.min(...graph.lat);
const north = Math.max(...graph.lat);
const onCampus = fc.record({ lon: fc.double({ min: west, max: east, noNaN: true }), lat: fc.double({ min: south, max: north, noNaN: true }) });

describe('road-network travel', () => {
  const travel = roadNetwork(graph);
  const { component, largest } = stronglyConnected(graph);
  const main = Array.from({ length: graph.nodeCount }, (_, u) => u).filter((u) => component[u] === largest);
  const forward = new ShortestPaths(graph);

  /** The reference: snap by scanning every main-component node, one search per pair, off-network minutes by the README rule. */
  function brute(d: { lon: number; lat: number }[], s: { lon: number; lat: number }[]) {
    const snap = (p: { lon: number; lat: number }) => {
      let best = -1;
      let km = Infinity;
      for (const u of main) {
        const k = greatCircleKm(p.lon, p.lat, graph.lon[u], graph.lat[u]);
        if (k < km) [best, km] = [u, k];
      }
      return { node: best, off: ((km * 1.3) / 30) * 60 };
    };
    const ds = d.map(snap);
    const ss = s.map(snap);
    return ds.map((a) => {
      forward.run([a.node], null, Infinity);
      return ss.map((b) => a.off + forward.minutes(b.node) + b.off);
    });
  }

  it('equals one search per pair, both ways of running it (per site or per demand point)', () => {
    fc.assert(
      fc.property(fc.array(onCampus, { minLength: 1, maxLength: 8 }), fc.array(onCampus, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (d, s, maxMinutes) => {
        const demand = createDemand(d.map((p, i) => ({ id: `d${i}`, ...p, population: 1 })));
        const sites = createSites(s.map((p, j) => ({ id: `s${j}`, ...p })));
        const expected = brute(d, s);
        const reach = travel.reach(demand, sites, { maxMinutes });
        for (let i = 0; i < d.length; i++) {
          const row = new Map<number, number>();
          for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) row.set(reach.site[k], reach.minutes[k]);
          expected[i].forEach((m, j) => {
            if (Math.abs(m - maxMinutes) < 1e-3) return;
            if (m <= maxMinutes) expect(Math.abs(row.get(j)! - m)).toBeLessThan(1e-3);
            else expect(row.has(j)).toBe(false);
          });
          expect(Math.abs(reach.nearestMinutes[i] - Math.min(...expected[i]))).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reports points too far from the network by id; they reach nothing', () => {
    const demand = createDemand([
      { id: 'campus', lon: (west + east) / 2, lat: (south + north) / 2, population: 1 },
      { id: 'albi', lon: 2.148, lat: 43.928, population: 1 },
    ]);
    const sites = createSites([{ id: 's', lon: (west + east) / 2, lat: (south + north) / 2 }]);
    const reach = travel.reach(demand, sites, { maxMinutes: 30 });
    expect(travel.lastReport?.demand.unsnapped).toEqual(['albi']);
    expect(reach.offsets[2] - reach.offsets[1]).toBe(0);
    expect(reach.nearestSite[1]).toBe(-1);
    expect(reach.nearestSite[0]).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => roadNetwork(graph, { maxSnapKm: -1 })).toThrow(/maxSnapKm/);
    expect(() => roadNetwork(graph, { offNetworkDetour: 0.5 })).toThrow(/offNetworkDetour/);
  });
});

const line = (coordinates: number[][], properties: Record<string, unknown>) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
const fc2 = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('bad road input', () => {
  it('counts unknown highway values, unparsed maxspeeds and not-lines, and builds from the rest', () => {
    const { report, graph: g } = readRoadsGeoJson(
      fc2([
        line([[1, 43], [1.01, 43]], { highway: 'primary', maxspeed: 'fast' }),
        line([[1.01, 43], [1.02, 43]], { highway: 'hoverway' }),
        line([[1.02, 43], [1.03, 43]], { highway: 'footway' }),
        line([[1.03, 43]], { highway: 'primary' }),
        { type: 'Feature', properties: { highway: 'bus_stop' }, geometry: { type: 'Point', coordinates: [1, 43] } },
      ]),
    );
    expect(report.ways).toBe(5);
    expect(report.unknownHighway).toEqual({ hoverway: 1 });
    expect(report.maxspeedUnparsed).toEqual({ fast: 1 });
    expect(report.leftOut).toMatchObject({ closedToCars: 1, tooShort: 1, notALine: 1, unknownHighway: 1 });
    expect(g.arcCount).toBe(2);
  });

  it('rejects broken geometry, naming the feature', () => {
    const e = error(() => readRoadsGeoJson(fc2([line([[1, 43], [1, 'x' as never]], { highway: 'primary' })]), { source: 'roads.geojson' }));
    expect(e.code).toBe('INVALID_GEOMETRY');
    expect(e.message).toContain('roads.geojson, feature 0');
    expect(error(() => readRoadsGeoJson(fc2([line([[1, 43], [574000, 6280000]], { highway: 'primary' })]))).code).toBe('INVALID_GEOMETRY');
  });

  it('rejects a network with no drivable road, saying why', () => {
    const e = error(() => readRoadsGeoJson(fc2([line([[1, 43], [1.01, 43]], { highway: 'footway' }), line([[1, 43], [1.01, 43]], { highway: 'primary', access: 'private' })])));
    expect(e.code).toBe('EMPTY_INPUT');
    expect(e.message).toContain('closed to cars 1');
    expect(e.message).toContain('no car access 1');
  });

  it('rejects OSM XML that does not parse and counts ways whose nodes are missing', () => {
    expect(error(() => readRoadsOsmXml('<osm><node id="1" lon="1" lat="43"/><way id="2"><nd ref="1"/></osm>', { source: 'x.osm' })).code).toBe('PARSE_ERROR');
    const xml = `<osm><node id="1" lon="1" lat="43"/><node id="2" lon="1.01" lat="43"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
      <way id="11"><nd ref="2"/><nd ref="99"/><tag k="highway" v="residential"/></way></osm>`;
    const { report, graph: g } = readRoadsOsmXml(xml);
    expect(report.leftOut.missingNodes).toBe(1);
    expect(g.arcCount).toBe(2);
    // 1.01 - 1 degree of longitude at 43°N, at 25 km/h (residential): minutes by hand.
    expect(g.minutes[0]).toBeCloseTo((greatCircleKm(1, 43, 1.01, 43) / 25) * 60, 4);
  });

  it('rejects arcs that refer to missing nodes and bad lengths, naming the line', () => {
    const nodes = 'id,lon,lat\n1,1,43\n2,1.01,43\n';
    const e = error(() => readRoadsCsv(nodes, 'from,to,length_m,highway,oneway\n1,3,100,primary,0\n', { arcsSource: 'arcs.csv' }));
    expect(e.code).toBe('JOIN_MISSING');
    expect(e.message).toContain('arcs.csv, line 2');
    expect(error(() => readRoadsCsv(nodes, 'from,to,length_m,highway,oneway\n1,2,-5,primary,0\n')).code).toBe('PARSE_ERROR');
    expect(error(() => readRoadsCsv(nodes, 'from,to,length_m,highway,oneway\n1,2,abc,primary,0\n')).code).toBe('PARSE_ERROR');
    expect(error(() => readRoadsCsv(nodes, 'from,to,length,highway,oneway\n1,2,5,primary,0\n')).code).toBe('MISSING_COLUMN');
  });
});
