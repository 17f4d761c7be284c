/**
 * Where would the next 10, 20 and 50 health centres go in Occitanie under the 15-minute target?
 *   (a) with the 8 named "Ma santé, Ma Région" centres kept, every commune a candidate;
 *   (b) with every commune that has a GP kept (INSEE BPE), the communes without one as candidates.
 * Heuristic and exact (HiGHS) side by side, with the proven gap, and the coverage curve of the first 50.
 * Run: npx tsx examples/occitanie-siting.ts [--time-limit 20] [--p 10,20,50]
 */
import { pathToFileURL } from 'node:url';
import { crowFly, createSites, siteRecords } from 'careshed';
import { coverageCurve, loadOccitanie, site, sitingProblem, type SiteResult, type SitingProblem } from 'careshed/node';

export type Kept = 'centres' | 'gps';

export interface SideBySide {
  kept: Kept;
  p: number;
  heuristic: SiteResult;
  exact: SiteResult;
  /** How far the heuristic is below the exact objective, as a share of it. */
  heuristicGap: number;
}

const occitanie = loadOccitanie();
const travel = crowFly();

/** Existing sites kept open and candidate communes, in one reach table at 15 minutes. */
export function occitanieProblem(kept: Kept, targetMinutes = 15): SitingProblem {
  const { communes, centres, gpCommunes } = occitanie;
  const existing = kept === 'centres' ? centres : gpCommunes;
  const taken = new Set(existing.ids);
  const all = createSites([...siteRecords(existing), ...siteRecords(communes, (i) => !taken.has(communes.ids[i]))]);
  return sitingProblem(travel.reach(communes, all, { maxMinutes: targetMinutes }), communes, all, { existing: [...existing.ids] });
}

/** MCLP for each p, by the heuristic and by the exact solver (its incumbent the heuristic's answer). */
export async function sideBySide(kept: Kept, ps: number[], timeLimit = 20): Promise<SideBySide[]> {
  const problem = occitanieProblem(kept);
  const rows: SideBySide[] = [];
  for (const p of ps) {
    const heuristic = await site(problem, { model: 'mclp', p, targetMinutes: 15, solver: 'heuristic' });
    const exact = await site(problem, { model: 'mclp', p, targetMinutes: 15, solver: 'exact', timeLimit });
    rows.push({ kept, p, heuristic, exact, heuristicGap: 1 - heuristic.objective / exact.objective });
  }
  return rows;
}

async function main() {
  const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const timeLimit = Number(arg('--time-limit', '20'));
  const ps = arg('--p', '10,20,50').split(',').map(Number);
  const { communes } = occitanie;
  const names = new Map(Array.from(communes.ids, (id, i) => [id, `${communes.attribute('name')[i]} (${communes.attribute('departement')[i]})`]));
  const int = (x: number) => Math.round(x).toLocaleString('en-GB');
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const total = communes.totalPopulation;
  console.log(`MCLP, 15-minute target (crow-fly, ${travel.speedKmh} km/h × ${travel.detour}), ${int(communes.size)} communes, ${int(total)} inhabitants; exact time limit ${timeLimit} s\n`);
  for (const kept of ['centres', 'gps'] as const) {
    const rows = await sideBySide(kept, ps, timeLimit);
    console.log(kept === 'centres' ? '(a) the 8 regional centres kept, every commune a candidate' : '(b) every commune with a GP kept, the others candidates');
    console.log('   p   heuristic covered      time   exact covered   status      bound         gap   time   heuristic below exact');
    for (const r of rows) {
      console.log(
        `${String(r.p).padStart(4)}   ${int(r.heuristic.objective).padStart(10)} ${pct(r.heuristic.objective / total).padStart(7)}  ${r.heuristic.seconds.toFixed(2).padStart(5)} s` +
          `   ${int(r.exact.objective).padStart(10)}   ${r.exact.status.padEnd(8)}  ${int(r.exact.bound ?? NaN).padStart(10)}  ${(100 * (r.exact.gap ?? 0)).toFixed(3).padStart(6)} %  ${r.exact.seconds.toFixed(1).padStart(5)} s   ${(100 * r.heuristicGap).toFixed(3)} %`,
      );
    }
    const first = rows[0].exact.selected.map((s) => `${names.get(s.id) ?? s.id} (+${int(s.gain)})`);
    console.log(`   the first ${rows[0].p} (exact, in greedy order, newly covered): ${first.join(', ')}\n`);
  }
  const curve = coverageCurve(occitanieProblem('centres'), 50, 15);
  console.log('Coverage curve with the 8 centres kept (greedy): k, site, newly covered, covered');
  for (const point of curve.filter((c) => c.k <= 5 || c.k % 5 === 0)) {
    console.log(`${String(point.k).padStart(4)}  ${(names.get(point.id) ?? point.id).padEnd(28)} ${int(point.gain).padStart(9)}  ${int(point.covered).padStart(10)}  ${pct(point.covered / total)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
