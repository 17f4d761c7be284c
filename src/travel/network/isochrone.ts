import concave from '@turf/concave';
import convex from '@turf/convex';
import { featureCollection, point } from '@turf/helpers';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CareshedError, checkNumberOption } from '../../model/errors.js';
import { NetworkTravel } from './network-travel.js';
import { ShortestPaths } from './shortest-paths.js';
import { createSites } from '../../model/points.js';
import { checkArgument, checkOptions } from '../../model/arguments.js';

export interface IsochroneOptions {
  /** 'to': the area from which the site is reached within the minutes (people driving to care, the default); 'from': the area the site reaches. */
  direction?: 'to' | 'from';
  /** Longest edge of the concave hull, km (default 1.5): smaller hugs the roads, larger fills valleys in. */
  maxEdgeKm?: number;
}

/**
 * The area within `minutes` of a point by road, as a GeoJSON polygon for maps: the nodes reached, plus the
 * points part-way along the arcs leaving them where the time runs out, wrapped in a concave hull (turf);
 * a convex hull when there are too few points for a concave one. Properties: minutes, nodes reached.
 *
 * @example
 * const area = isochrone(roadNetwork(graph), [1.4442, 43.6045], 15);
 */
export function isochrone(travel: NetworkTravel, at: readonly [number, number], minutes: number, options: IsochroneOptions = {}): Feature<Polygon | MultiPolygon> {
  checkArgument('isochrone', 'travel', travel, travel instanceof NetworkTravel, 'a NetworkTravel (roadNetwork(graph))');
  checkArgument('isochrone', 'at', at, Array.isArray(at) && at.length === 2 && at.every((x) => typeof x === 'number' && Number.isFinite(x)), 'a position [longitude, latitude]');
  checkArgument('isochrone', 'minutes', minutes, typeof minutes === 'number' && minutes > 0 && Number.isFinite(minutes), 'a number of minutes, more than 0');
  checkOptions('isochrone', options, ['direction', 'maxEdgeKm']);
  checkNumberOption('minutes', minutes, 0);
  const maxEdgeKm = checkNumberOption('maxEdgeKm', options.maxEdgeKm ?? 1.5, Number.MIN_VALUE);
  const site = createSites([{ id: 'isochrone', lon: at[0], lat: at[1] }]);
  const snapped = travel.snap(site);
  if (snapped.node[0] < 0) throw new CareshedError('INVALID_OPTION', `the point (${at[0]}, ${at[1]}) is too far from the road network`, { field: 'at', value: at });
  const graph = options.direction === 'from' ? travel.graph : travel.graph.reverse();
  const search = new ShortestPaths(graph);
  const count = search.run([snapped.node[0]], [snapped.offMinutes[0]], minutes);
  const positions: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const u = search.settled[k];
    positions.push([graph.lon[u], graph.lat[u]]);
    const left = minutes - search.minutes(u);
    for (let a = graph.offsets[u]; a < graph.offsets[u + 1]; a++) {
      const v = graph.head[a];
      if (search.minutes(v) <= minutes || graph.minutes[a] <= 0) continue;
      // Part-way along the arc, as far as the time left allows.
      const share = Math.min(1, left / graph.minutes[a]);
      positions.push([graph.lon[u] + share * (graph.lon[v] - graph.lon[u]), graph.lat[u] + share * (graph.lat[v] - graph.lat[u])]);
    }
  }
  const points = featureCollection(positions.map((p) => point(p)));
  const hull = (positions.length >= 3 ? concave(points, { maxEdge: maxEdgeKm, units: 'kilometers' }) : null) ?? convex(points);
  if (!hull) {
    // One or two points: a tiny square around the site so that a map still shows something.
    const d = 0.0005;
    const [x, y] = positions[0] ?? at;
    return { type: 'Feature', properties: { minutes, nodes: count }, geometry: { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] } };
  }
  return { type: 'Feature', properties: { minutes, nodes: count }, geometry: hull.geometry as Polygon | MultiPolygon };
}
