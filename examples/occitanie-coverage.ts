/**
 * Who in Occitanie lives within 15 minutes (crow-fly estimate) of
 *   (a) the 8 named "Ma santé, Ma Région" centres, and
 *   (b) any commune with at least one GP (INSEE BPE),
 * by département. Run: npm run demo   (or: npx tsx examples/occitanie-coverage.ts [--minutes 20])
 */
import { coverage, coverageBy, crowFly, type GroupSummary } from 'careshed';
import { loadOccitanie } from 'careshed/node';

const argMinutes = process.argv.indexOf('--minutes');
const targetMinutes = argMinutes > 0 ? Number(process.argv[argMinutes + 1]) : 15;

const { communes, centres, gpCommunes, departementNames } = loadOccitanie();
const travel = crowFly();

function run(sites: typeof centres) {
  const reach = travel.reach(communes, sites, { maxMinutes: targetMinutes });
  const result = coverage(reach, communes, { targetMinutes });
  return { result, byDepartement: new Map(coverageBy(result, communes, 'departement').map((g) => [g.key, g])) };
}

const started = performance.now();
const viaCentres = run(centres);
const viaGps = run(gpCommunes);
const elapsed = performance.now() - started;

const pct = (share: number | null) => (share === null ? '–' : `${(100 * share).toFixed(1)} %`);
const minutes = (m: number | null) => (m === null ? '–' : m.toFixed(1));
const int = (x: number) => Math.round(x).toLocaleString('en-GB');

const header = ['dép.', 'name', 'population', `≤${targetMinutes} min centres`, 'mean min', `≤${targetMinutes} min GP commune`, 'mean min', 'communes beyond (GP)'];
const line = (key: string, name: string, c: GroupSummary | typeof viaCentres.result.summary, g: GroupSummary | typeof viaGps.result.summary) => [
  key,
  name,
  int(c.population),
  pct(c.coveredShare),
  minutes(c.meanMinutes),
  pct(g.coveredShare),
  minutes(g.meanMinutes),
  int(g.uncoveredCount),
];
const rows = [...viaCentres.byDepartement.keys()].map((key) => line(key, departementNames.get(key) ?? key, viaCentres.byDepartement.get(key)!, viaGps.byDepartement.get(key)!));
rows.push(line('76', 'Occitanie', viaCentres.result.summary, viaGps.result.summary));

const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
const format = (r: (string | number)[]) => r.map((v, k) => (k < 2 ? String(v).padEnd(widths[k]) : String(v).padStart(widths[k]))).join('  ');
console.log(`Population within ${targetMinutes} minutes (${travel.name}: straight line × ${travel.detour} at ${travel.speedKmh} km/h), ${int(communes.size)} communes\n`);
console.log(format(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
rows.forEach((r, k) => {
  if (k === rows.length - 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  console.log(format(r));
});
const c = viaCentres.result.summary;
const g = viaGps.result.summary;
console.log(
  `\n(a) ${int(c.coveredPopulation)} inhabitants (${pct(c.coveredShare)}) live within ${targetMinutes} min of one of the ${centres.size} named regional centres; median ${minutes(c.medianMinutes)} min, 90th percentile ${minutes(c.p90Minutes)} min.`,
);
console.log(
  `(b) ${int(g.coveredPopulation)} (${pct(g.coveredShare)}) live within ${targetMinutes} min of a commune with a GP; ${int(g.uncoveredPopulation)} in ${int(g.uncoveredCount)} communes do not. Presence is not capacity: see the accessibility measures.`,
);
console.log(`Scoring both (reach tables and coverage): ${elapsed.toFixed(0)} ms.`);
