/**
 * Accessibility benchmark.   npm run bench (after the core and network benches)
 * Targets: E2SFCA on the France-scale reach table (35,000 × 10,000, 30 minutes) under 200 ms; capacity-aware
 * coverage on Occitanie (4,446 communes, 1,065 GP communes, 15 minutes) under 2 s. Baselines in the same run:
 * E2SFCA over an array of pair objects with Maps, as a JavaScript user would write it, and the same maximum
 * flow as a linear programme solved by HiGHS.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { accessibility, capacityCoverage, createDemand, createSites, crowFly, gravityDecay, seededRandom } from 'careshed';
import { loadOccitanie } from 'careshed/node';
import { loadHighs } from '../src/siting/highs.js';
import { printTable, time } from './timing.js';
import { flowAsLp } from '../test/flow-lp.js';

const random = seededRandom(20261122);
const at = () => ({ lon: -4.8 + random() * 13, lat: 42.3 + random() * 8.8 });
const demand = createDemand(Array.from({ length: 35_000 }, (_, i) => ({ id: `d${i}`, ...at(), population: 1 + Math.floor(random() * 5000) })));
const sites = createSites(Array.from({ length: 10_000 }, (_, j) => ({ id: `s${j}`, ...at(), capacity: 1 + Math.floor(random() * 10) })));
const reach = crowFly().reach(demand, sites, { maxMinutes: 30 });
const decay = gravityDecay(1.5, 30);
const fast = time('careshed E2SFCA, France-scale, 30 min', () => accessibility(reach, demand, sites, { method: 'e2sfca', decay }), 9, 3);

// What a JavaScript user would write: pair objects, Maps keyed by ids.
const pairs: { demand: string; site: string; minutes: number }[] = [];
for (let i = 0; i < reach.demandCount; i++) for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) pairs.push({ demand: demand.ids[i], site: sites.ids[reach.site[k]], minutes: reach.minutes[k] });
const population = new Map(demand.ids.map((id, i) => [id, demand.population[i]]));
const supply = new Map(sites.ids.map((id, j) => [id, sites.capacity[j]]));
const naive = time('E2SFCA over pair objects and Maps, same pairs', () => {
  const faced = new Map<string, number>();
  for (const p of pairs) faced.set(p.site, (faced.get(p.site) ?? 0) + population.get(p.demand)! * decay.weight(p.minutes));
  const value = new Map<string, number>();
  for (const p of pairs) value.set(p.demand, (value.get(p.demand) ?? 0) + (supply.get(p.site)! / faced.get(p.site)!) * decay.weight(p.minutes));
  return value;
}, 3, 1);
const sample = demand.ids[123];
if (Math.abs(naive.value.get(sample)! - fast.value.value[123]) > 1e-9 * Math.abs(fast.value.value[123])) throw new Error('the two E2SFCA disagree');

const { communes, gpCommunes } = loadOccitanie();
const occitanie = crowFly().reach(communes, gpCommunes, { maxMinutes: 15 });
const flow = time('careshed capacity-aware coverage, Occitanie, 15 min', () => capacityCoverage(occitanie, communes, gpCommunes, { targetMinutes: 15 }), 9, 2);
const highs = await loadHighs();
const lp = time('the same as an LP, HiGHS', () => flowAsLp(highs, occitanie, communes, gpCommunes, 1000), 3, 1);
if (Math.abs(lp.value - flow.value.summary.assignedPopulation) > 1e-6 * lp.value) throw new Error(`max flow ${flow.value.summary.assignedPopulation} and LP ${lp.value} disagree`);

printTable(
  ['case', 'median ms', 'result'],
  [
    [fast.timing.name, fast.timing.ms.toFixed(1), `${reach.pairCount} pairs`],
    [naive.timing.name, naive.timing.ms.toFixed(1), `${(naive.timing.ms / fast.timing.ms).toFixed(0)}× slower`],
    [flow.timing.name, flow.timing.ms.toFixed(1), `${Math.round(flow.value.summary.assignedPopulation)} assigned`],
    [lp.timing.name, lp.timing.ms.toFixed(1), `${Math.round(lp.value)} assigned`],
  ],
);
const targets = [
  { target: 'E2SFCA France-scale < 200 ms', value: `${fast.timing.ms.toFixed(0)} ms`, met: fast.timing.ms < 200 },
  { target: 'capacity-aware coverage Occitanie < 2 s', value: `${flow.timing.ms.toFixed(0)} ms`, met: flow.timing.ms < 2000 },
];
console.log();
printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/access.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, timings: [fast.timing, naive.timing, flow.timing, lp.timing], pairs: reach.pairCount, targets }, null, 2) + '\n');
console.log('\nwrote bench/results/access.json');
if (targets.some((t) => !t.met)) process.exitCode = 1;
