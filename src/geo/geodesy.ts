/** Mean Earth radius (IUGG), km: the one turf uses, so distances agree with turf.distance. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance in km between two WGS84 positions (haversine). */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Longitude and latitude half-widths (degrees) of a box that holds every point within `km` of a point
 * at latitude `lat`. Null when the circle reaches a pole: then every longitude can be within reach.
 */
export function searchBox(lat: number, km: number): { dLon: number; dLat: number } | null {
  const dLat = km / (EARTH_RADIUS_KM * RAD);
  const far = Math.max(Math.abs(lat - dLat), Math.abs(lat + dLat));
  if (far >= 90) return null;
  // The widest longitude span of a small circle is at its extreme latitude, hence the cosine of `far`.
  const ratio = Math.sin(km / EARTH_RADIUS_KM) / Math.cos(far * RAD);
  if (ratio >= 1) return null;
  return { dLon: Math.asin(ratio) / RAD, dLat };
}
