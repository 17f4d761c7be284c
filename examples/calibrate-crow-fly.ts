/**
 * Where careshed's straight-line travel settings come from, refitted from the evidence at hand:
 * 1. the two real road networks in shared/data (Andorra's mountain roads next to Ariège, Toulouse's streets):
 *    600 random trips each, their shortest-path minutes against their straight-line km;
 * 2. the agreement of careshed's APL with the DREES APL 2022 over Occitanie (age-standardised demand, the
 *    communes around the region in), for a range of minutes per km.
 * The default is the mean of the three estimates of minutes per straight-line km (Toulouse, Andorra, DREES),
 * rounded to 0.1; then the table of every preset: its minutes per km, its errors on each network, its ρ.
 *   npx tsx examples/calibrate-crow-fly.ts [--json]
 */
import { pathToFileURL } from 'node:url';
import { apl, calibrateCrowFly, CROW_FLY_PRESETS, crowFly, crowFlyError, spearman, withSurroundings, type CrowFlyCalibration, type CrowFlyPreset } from 'careshed';
import { loadOccitanie, readRoadNetworkFile } from 'careshed/node';

const NETWORKS = {
  toulouse: ['Toulouse (city streets, OSM via INSA)', '../shared/data/osm-toulouse-insa/toulouse_arcs.csv'],
  andorra: ['Andorra (mountain roads, OSM 2025)', '../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf'],
} as const;

/** Minutes per straight-line km tried against DREES: 1.0 to 3.0 by 0.1. */
const GRID = Array.from({ length: 21 }, (_, k) => Math.round((1 + k / 10) * 10) / 10);

const occitanie = loadOccitanie();
/** Occitanie's communes and GPs with those of the surrounding départements, as DREES computes nationally. */
const area = withSurroundings(occitanie.communes, occitanie.gpCommunes, { demand: occitanie.surroundings.communes, sites: occitanie.surroundings.gpCommunes });

/**
 * Spearman ρ of careshed's APL preset (straight lines at `minutesPerKm`, age-standardised demand, the
 * surroundings in) with DREES APL 2022, over Occitanie's communes.
 */
export function dreesAgreement(minutesPerKm: number): number {
  const reach = crowFly({ speedKmh: 60, detour: minutesPerKm }).reach(area.demand, area.sites, { maxMinutes: 20 });
  return spearman(apl(reach, area.demand, area.sites, { studyCount: area.studyCount }).value, occitanie.drees.apl)!;
}

export interface Calibration {
  networks: Record<keyof typeof NETWORKS, CrowFlyCalibration>;
  /** ρ with DREES APL 2022 on the grid of minutes per km. */
  rho: { minutesPerKm: number; rho: number }[];
  /** The grid value where the 0.4-wide moving average of ρ peaks (ρ is flat and noisy near its top). */
  dreesBest: number;
  /** The mean of the three estimates, and rounded to 0.1: the default. */
  mean: number;
  fitted: number;
  presets: { name: CrowFlyPreset; minutesPerKm: number; rho: number; toulouse: ReturnType<typeof crowFlyError>; andorra: ReturnType<typeof crowFlyError> }[];
}

export async function calibrate(): Promise<Calibration> {
  const networks = {} as Record<keyof typeof NETWORKS, CrowFlyCalibration>;
  for (const [key, [, path]] of Object.entries(NETWORKS) as [keyof typeof NETWORKS, readonly [string, string]][]) {
    const { graph } = await readRoadNetworkFile(path);
    networks[key] = calibrateCrowFly(graph, { trips: 600, seed: 2026 });
  }
  const rho = GRID.map((minutesPerKm) => ({ minutesPerKm, rho: dreesAgreement(minutesPerKm) }));
  const smooth = rho.map((_, k) => {
    const window = rho.slice(Math.max(0, k - 2), k + 3);
    return window.reduce((t, r) => t + r.rho, 0) / window.length;
  });
  const dreesBest = rho[smooth.indexOf(Math.max(...smooth))].minutesPerKm;
  const mean = (networks.toulouse.minutesPerKm + networks.andorra.minutesPerKm + dreesBest) / 3;
  const presets = (Object.keys(CROW_FLY_PRESETS) as CrowFlyPreset[]).map((name) => {
    const minutesPerKm = crowFly(CROW_FLY_PRESETS[name]).minutesPerKm;
    return { name, minutesPerKm, rho: dreesAgreement(minutesPerKm), toulouse: crowFlyError(networks.toulouse.samples, minutesPerKm), andorra: crowFlyError(networks.andorra.samples, minutesPerKm) };
  });
  return { networks, rho, dreesBest, mean, fitted: Math.round(mean * 10) / 10, presets };
}

/** The README's table of presets: settings, minutes per km, errors on each network, ρ with DREES APL 2022. */
export function presetTable(c: Calibration): string[] {
  const f = (x: number, d = 2) => x.toFixed(d);
  const e = (x: ReturnType<typeof crowFlyError>) => `${Math.round(100 * x.medianRelative)} %, ${x.bias >= 0 ? '+' : '−'}${f(Math.abs(x.bias), 1)} min`;
  return [
    '| preset | settings | minutes per straight-line km | Toulouse: median error, mean error | Andorra: median error, mean error | ρ with DREES APL 2022 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...c.presets.map((p) => {
      const s = CROW_FLY_PRESETS[p.name];
      return `| \`crow:${p.name}\`${p.name === 'regional' ? ' (the default, `crow`)' : ''} | ${s.speedKmh} km/h × ${s.detour} | ${f(p.minutesPerKm)} | ${e(p.toulouse)} | ${e(p.andorra)} | ${f(p.rho, 3)} |`;
    }),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const c = await calibrate();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...c, networks: Object.fromEntries(Object.entries(c.networks).map(([k, n]) => [k, { ...n, samples: undefined }])) }, null, 2));
  } else {
    const f = (x: number, d = 2) => x.toFixed(d);
    console.log('1. Road networks: 600 random trips each between nodes of the main network, at least 1 km apart');
    for (const [key, [label]] of Object.entries(NETWORKS) as [keyof typeof NETWORKS, readonly [string, string]][]) {
      const n = c.networks[key];
      console.log(`   ${label}: ${n.trips} trips, detour ${f(n.detour)}, ${f(n.speedKmh, 1)} km/h along the roads, ${f(n.minutesPerKm)} minutes per straight-line km`);
    }
    console.log('2. Agreement of the APL preset with DREES APL 2022 (Spearman ρ over 4,446 communes, neighbours in) by minutes per straight-line km:');
    console.log(`   ${c.rho.map((r) => `${f(r.minutesPerKm, 1)}: ${f(r.rho, 3)}`).join(', ')}`);
    console.log(`   best (0.4-wide moving average): ${f(c.dreesBest, 1)} minutes per km`);
    console.log(`3. Default: mean of ${f(c.networks.toulouse.minutesPerKm)}, ${f(c.networks.andorra.minutesPerKm)} and ${f(c.dreesBest, 1)} = ${f(c.mean)}, rounded: ${f(c.fitted, 1)} minutes per straight-line km\n`);
    for (const line of presetTable(c)) console.log(line);
  }
}
