import { describe, expect, it } from 'vitest';
import { area, booleanPointInPolygon } from '@turf/turf';
import { createSites, isochrone, roadNetwork, ShortestPaths } from '../src/index.js';
import { readRoadNetworkFile } from '../src/node/index.js';

describe('isochrones on the Toulouse network', async () => {
  const { graph } = await readRoadNetworkFile('../shared/data/osm-toulouse-insa/toulouse_arcs.csv');
  const travel = roadNetwork(graph);
  const capitole: [number, number] = [1.4442, 43.6045];

  it('hold every node that reaches the point in time, and grow with the minutes', () => {
    const areas = [5, 10, 15].map((m) => isochrone(travel, capitole, m));
    const km2 = areas.map((a) => area(a) / 1e6);
    expect(km2[0]).toBeGreaterThan(0);
    expect(km2[1]).toBeGreaterThan(km2[0]);
    expect(km2[2]).toBeGreaterThan(km2[1]);
    // Nodes from which the Capitole is within 10 minutes (search on the reversed graph, as the isochrone does).
    const snapped = travel.snap(createSites([{ id: 'c', lon: capitole[0], lat: capitole[1] }]));
    const search = new ShortestPaths(graph.reverse());
    const count = search.run([snapped.node[0]], [snapped.offMinutes[0]], 10);
    for (let k = 0; k < count; k += 7) {
      const u = search.settled[k];
      expect(booleanPointInPolygon([graph.lon[u], graph.lat[u]], areas[1])).toBe(true);
    }
    expect(areas[1].properties?.nodes).toBe(count);
  });

  it('refuses a point far from the network', () => {
    expect(() => isochrone(travel, [3.0, 45.0], 10)).toThrow(/too far from the road network/);
  });
});
