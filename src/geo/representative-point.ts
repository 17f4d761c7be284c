import polylabel from 'polylabel';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { checkArgument, isRecord } from '../model/arguments.js';

/**
 * A point guaranteed inside a polygon or multipolygon, far from its edges: the pole of inaccessibility
 * (polylabel), computed with longitudes scaled by cos(latitude) so that "far" means kilometres, not
 * degrees. For a multipolygon, the pole of the part with the widest interior. A centroid can fall
 * outside a crescent-shaped commune; this point cannot.
 *
 * @param precisionKm how close to the true pole the answer must be (default 0.05 km)
 * @example
 * representativePoint({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] });
 * // ≈ [1, 0.5]
 */
export function representativePoint(area: Polygon | MultiPolygon, precisionKm = 0.05): [number, number] {
  checkArgument('representativePoint', 'area', area, isRecord(area) && (area.type === 'Polygon' || area.type === 'MultiPolygon') && Array.isArray(area.coordinates), 'a GeoJSON Polygon or MultiPolygon geometry');
  checkArgument('representativePoint', 'precisionKm', precisionKm, typeof precisionKm === 'number' && precisionKm > 0 && Number.isFinite(precisionKm), 'a number of km, more than 0');
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let best: [number, number] | null = null;
  let bestRadius = -1;
  for (const rings of polygons) {
    if (rings.length === 0 || rings[0].length < 4) continue;
    const lat0 = meanLatitude(rings[0]);
    const k = Math.cos((lat0 * Math.PI) / 180);
    const scaled = rings.map((ring) => ring.map(([lon, lat]) => [lon * k, lat] as [number, number]));
    const pole = polylabel(scaled, precisionKm / 111.2);
    if (pole.distance > bestRadius) {
      bestRadius = pole.distance;
      best = [pole[0] / k, pole[1]];
    }
  }
  if (best === null) throw new RangeError('representativePoint: the area has no ring of at least 4 positions');
  return best;
}

function meanLatitude(ring: readonly Position[]): number {
  let sum = 0;
  for (const p of ring) sum += p[1];
  return sum / ring.length;
}
