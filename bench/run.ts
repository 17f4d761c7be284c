/**
 * Core scoring benchmark: reach table + coverage.
 *   npm run bench            (writes bench/results/core.json)
 *
 * Speed targets are ratios against a baseline timed in the same process on the same data, so that a
 * slower or busier machine moves both sides: careshed must be at least 50× faster than the naive
 * all-pairs loop a JavaScript user would write with turf.distance, on Occitanie.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { distance } from '@turf/turf';
import { coverage, createDemand, createSites, crowFly, seededRandom } from 'careshed';
import { loadOccitanie } from 'careshed/node';

import { printTable, time, type Timing } from './timing.js';

const MAX_MINUTES = 30;
const TARGET = 15;
const travel = crowFly();
const { communes, gpCommunes } = loadOccitanie();

function careshedScoring(demand: typeof communes, sites: typeof gpCommunes) {
  const reach = travel.reach(demand, sites, { maxMinutes: MAX_MINUTES });
  const result = coverage(reach, demand, { targetMinutes: TARGET });
  return { reach, covered: result.summary.coveredPopulation };
}

/** Coverage alone needs each demand point's nearest site: no pair table at all. */
function careshedNearest(demand: typeof communes, sites: typeof gpCommunes) {
  return coverage(travel.nearest(demand, sites), demand, { targetMinutes: TARGET }).summary.coveredPopulation;
}

/** What a JavaScript user would write: every pair with turf.distance, keep those within the cutoff and the nearest. */
function naiveScoring(demand: typeof communes, sites: typeof gpCommunes) {
  const siteCoords = Array.from(sites.lon, (lon, j) => [lon, sites.lat[j]]);
  const pairs: { demand: number; site: number; minutes: number }[] = [];
  let covered = 0;
  for (let i = 0; i < demand.size; i++) {
    const here = [demand.lon[i], demand.lat[i]];
    let nearest = Infinity;
    for (let j = 0; j < siteCoords.length; j++) {
      const minutes = travel.minutes(distance(here, siteCoords[j], { units: 'kilometers' }));
      if (minutes <= MAX_MINUTES) pairs.push({ demand: i, site: j, minutes });
      if (minutes < nearest) nearest = minutes;
    }
    if (nearest <= TARGET) covered += demand.population[i];
  }
  return { pairs: pairs.length, covered };
}

function franceScale(seed: number) {
  // Mainland France's bounding box; points uniform in it (the sea included: a harsher spread than real).
  const random = seededRandom(seed);
  const at = () => ({ lon: -4.8 + random() * 13, lat: 42.3 + random() * 8.8 });
  const demand = createDemand(Array.from({ length: 35_000 }, (_, i) => ({ id: `d${i}`, ...at(), population: Math.floor(random() * 5000) })));
  const sites = createSites(Array.from({ length: 10_000 }, (_, j) => ({ id: `s${j}`, ...at() })));
  return { demand, sites };
}

const timings: Timing[] = [];
const occitanie = time('careshed, Occitanie 4,446 × 1,065, 30 min', () => careshedScoring(communes, gpCommunes), 21, 10);
timings.push(occitanie.timing);
const naive = time('naive turf.distance loop, same data', () => naiveScoring(communes, gpCommunes), 3, 1);
timings.push(naive.timing);
if (naive.value.covered !== occitanie.value.covered || naive.value.pairs !== occitanie.value.reach.pairCount) {
  throw new Error(`the naive loop and careshed disagree: ${JSON.stringify(naive.value)} vs ${occitanie.value.covered} covered, ${occitanie.value.reach.pairCount} pairs`);
}
const { demand, sites } = franceScale(20261122);
const france = time('careshed, France-scale 35,000 × 10,000, 30 min', () => careshedScoring(demand, sites), 5);
timings.push(france.timing);
const franceNearest = time('careshed coverage from the nearest sites alone (no pairs), same set', () => careshedNearest(demand, sites), 5);
timings.push(franceNearest.timing);
if (franceNearest.value !== france.value.covered) throw new Error(`coverage from the nearest sites (${franceNearest.value}) and from the reach table (${france.value.covered}) disagree`);

const speedup = naive.timing.ms / occitanie.timing.ms;
const bytesPerPair = occitanie.value.reach.byteLength / occitanie.value.reach.pairCount;
const franceBytesPerPair = france.value.reach.byteLength / france.value.reach.pairCount;
const targets = [
  { target: 'Occitanie: ≥ 50× faster than the naive loop', value: `${speedup.toFixed(0)}×`, met: speedup >= 50 },
  { target: 'France-scale: < 1 s', value: `${france.timing.ms.toFixed(0)} ms`, met: france.timing.ms < 1000 },
];

printTable(
  ['case', 'median ms', 'pairs', 'bytes per pair'],
  [
    [occitanie.timing.name, occitanie.timing.ms.toFixed(1), occitanie.value.reach.pairCount, bytesPerPair.toFixed(2)],
    [naive.timing.name, naive.timing.ms.toFixed(1), naive.value.pairs, '–'],
    [france.timing.name, france.timing.ms.toFixed(1), france.value.reach.pairCount, franceBytesPerPair.toFixed(2)],
    [franceNearest.timing.name, franceNearest.timing.ms.toFixed(1), 0, '–'],
  ],
);
console.log();
printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));

mkdirSync('bench/results', { recursive: true });
const results = {
  date: new Date().toISOString(),
  node: process.version,
  timings,
  occitanie: { pairs: occitanie.value.reach.pairCount, bytes: occitanie.value.reach.byteLength, bytesPerPair, coveredPopulation: occitanie.value.covered, speedupOverNaive: speedup },
  france: { pairs: france.value.reach.pairCount, bytes: france.value.reach.byteLength, bytesPerPair: franceBytesPerPair, nearestOnlyMs: franceNearest.timing.ms },
  targets,
};
writeFileSync('bench/results/core.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/results/core.json');
if (targets.some((t) => !t.met)) process.exitCode = 1;
