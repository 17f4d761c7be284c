/**
 * How good are straight lines? Fits crow-fly travel (detour, speed) to the two real road networks in
 * shared/data, Andorra's mountain roads next to Ariège and Toulouse's streets, and prints the errors of
 * the fit and of careshed's defaults (60 km/h, detour 1.3).
 *   npx tsx examples/calibrate-crow-fly.ts
 */
import { calibrateCrowFly, CROW_FLY_DEFAULTS } from 'careshed';
import { readRoadNetworkFile } from 'careshed/node';

const networks = [
  ['Andorra (mountain roads, OSM 2025)', '../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf'],
  ['Toulouse (city streets, OSM via INSA)', '../shared/data/osm-toulouse-insa/toulouse_arcs.csv'],
] as const;

const rows: string[][] = [];
for (const [name, path] of networks) {
  const { graph } = await readRoadNetworkFile(path);
  const fit = calibrateCrowFly(graph, { trips: 600, seed: 2026, compareWith: CROW_FLY_DEFAULTS });
  rows.push([
    name,
    String(fit.trips),
    fit.detour.toFixed(2),
    fit.speedKmh.toFixed(1),
    fit.minutesPerKm.toFixed(2),
    `${fit.error.medianAbsolute.toFixed(1)} / ${fit.error.p90Absolute.toFixed(1)} (${(100 * fit.error.medianRelative).toFixed(0)} %)`,
    `${fit.errorWith.bias >= 0 ? '+' : ''}${fit.errorWith.bias.toFixed(1)} (${(100 * fit.errorWith.medianRelative).toFixed(0)} %)`,
  ]);
}
const header = ['network', 'trips', 'detour', 'km/h', 'min per crow km', 'fitted: median / p90 abs. error, min', `defaults ${CROW_FLY_DEFAULTS.speedKmh} km/h × ${CROW_FLY_DEFAULTS.detour}: bias, min`];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const show = (r: string[]) => r.map((v, k) => (k === 0 ? v.padEnd(widths[k]) : v.padStart(widths[k]))).join('  ');
console.log(show(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
rows.forEach((r) => console.log(show(r)));
console.log(`\nDefaults: ${((CROW_FLY_DEFAULTS.detour / CROW_FLY_DEFAULTS.speedKmh) * 60).toFixed(2)} minutes per straight-line km. Trips are random node pairs of each network's main component, at least 1 km apart.`);
