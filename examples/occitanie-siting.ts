/**
 * Where would the next 10, 20 and 50 health centres go in Occitanie under the 15-minute target?
 *   (a) with the 8 named "Ma santé, Ma Région" centres kept, every commune a candidate;
 *   (b) with every commune that has a GP kept (INSEE BPE), the communes without one as candidates.
 * Heuristic and exact (HiGHS) side by side, with the proven gap, and the coverage curve of the first 50.
 * Then the programme's own question, where private practice is thin: 10 centres of 5 GPs sited for unmet
 * need (capacitated MCLP, the GPs' places existing), for people in low-APL communes (MCLP) and for the
 * population (MCLP), each judged on the people it newly gives a GP place and the under-served people it
 * newly brings within 15 minutes.
 * Run: npx tsx examples/occitanie-siting.ts [--time-limit 600] [--p 10,20,50] [--need-only]
 */
import { pathToFileURL } from 'node:url';
import { apl, crowFly, createSites, explainSiting, measureNeed, siteRecords, type ExplainedSite } from 'careshed';
import { coverageCurve, loadOccitanie, site, sitingProblem, type SiteResult, type SitingProblem } from 'careshed/node';
import { servedWeight } from '../src/siting/cmclp.js';
import { coveredWeight } from '../src/siting/mclp.js';

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
/** Straight lines at 45 km/h × 1.5 (2 minutes per straight-line km), the fit to Occitanie's roads. */
export const travel = crowFly({ speedKmh: 45, detour: 1.5 });

/** Existing sites kept open and candidate communes, in one reach table at 15 minutes. */
export function occitanieProblem(kept: Kept, targetMinutes = 15): SitingProblem {
  const { communes, centres, gpCommunes } = occitanie;
  const existing = kept === 'centres' ? centres : gpCommunes;
  const taken = new Set(existing.ids);
  const all = createSites([...siteRecords(existing), ...siteRecords(communes, (i) => !taken.has(communes.ids[i]))]);
  return sitingProblem(travel.reach(communes, all, { maxMinutes: targetMinutes }), communes, all, { existing: [...existing.ids] });
}

/** MCLP for each p, by the heuristic and by the exact solver (its incumbent the heuristic's answer). */
export async function sideBySide(kept: Kept, ps: number[], timeLimit?: number): Promise<SideBySide[]> {
  const problem = occitanieProblem(kept);
  const rows: SideBySide[] = [];
  for (const p of ps) {
    const heuristic = await site(problem, { model: 'mclp', p, targetMinutes: 15, solver: 'heuristic' });
    const exact = await site(problem, { model: 'mclp', p, targetMinutes: 15, solver: 'exact', timeLimit });
    rows.push({ kept, p, heuristic, exact, heuristicGap: 1 - heuristic.objective / exact.objective });
  }
  return rows;
}

/** Patients per GP and GPs per new centre of the need comparison. */
export const PATIENTS_PER_GP = 1000;
export const CENTRE_GPS = 5;

export interface NeedAnswer {
  question: 'unmet' | 'low-apl' | 'population';
  result: SiteResult;
  /** Communes chosen (ids). */
  chosen: string[];
  /** People newly given a GP place within 15 minutes, the chosen communes opening centres of 5 GPs. */
  newlyServed: number;
  /** People in low-APL communes newly within 15 minutes of a centre (the 8 kept). */
  underServedNewlyWithin: number;
  /** People newly within 15 minutes of a centre (the 8 kept). */
  newlyWithin: number;
}

/**
 * Ten (p) centres for three questions, each judged on the same two measures:
 *   unmet: capacitated MCLP, the GP communes existing with 1,000 patients per GP, every commune a candidate
 *          centre of 5 GPs: the most people newly given a place;
 *   low-apl: MCLP counting people in communes with an APL under 2.5 (or no GP within 20 minutes), the 8
 *          centres kept;
 *   population: MCLP counting everyone, the 8 centres kept.
 */
export async function needComparison(p = 10, solver: 'heuristic' | 'exact' = 'exact', timeLimit?: number) {
  const { communes, centres, gpCommunes, drees } = occitanie;
  const gpReach = travel.reach(communes, gpCommunes, { maxMinutes: 20 });
  const unmet = measureNeed('unmet', communes, { reach: gpReach, gps: gpCommunes }, { targetMinutes: 15, patientsPerGp: PATIENTS_PER_GP });
  const aplValue = apl(gpReach, communes, gpCommunes, { standardisedPopulation: drees.standardisedPopulation, allowZeroSupply: true }).value;
  const lowApl = measureNeed('low-apl', communes, {}, { apl: aplValue });
  // Capacitated: the GPs' places existing, every commune a candidate centre of 5 GPs.
  const gpSites = siteRecords(gpCommunes).map((r) => ({ ...r, id: `gp:${r.id}` }));
  const capacitatedSites = createSites([...gpSites, ...siteRecords(communes).map((r) => ({ ...r, capacity: CENTRE_GPS }))]);
  const capacitated = sitingProblem(travel.reach(communes, capacitatedSites, { maxMinutes: 15 }), communes, capacitatedSites, {
    existing: gpSites.map((g) => g.id),
    capacity: Float64Array.from(capacitatedSites.capacity, (gps) => gps * PATIENTS_PER_GP),
  });
  // Covering: the 8 centres kept, every commune a candidate.
  const coverSites = createSites([...siteRecords(centres), ...siteRecords(communes).map((r) => ({ ...r, capacity: CENTRE_GPS }))]);
  const coverReach = travel.reach(communes, coverSites, { maxMinutes: 15 });
  const byPopulation = sitingProblem(coverReach, communes, coverSites, { existing: [...centres.ids] });
  const byLowApl = sitingProblem(coverReach, communes, coverSites, { existing: [...centres.ids], weight: lowApl.weight });
  const served = (ids: string[]) => servedWeight(capacitated, 15, capacitated.capacity, ids.map((id) => capacitated.ids.indexOf(id))) - servedWeight(capacitated, 15, capacitated.capacity, []);
  const within = (problem: SitingProblem, ids: string[]) => coveredWeight(problem, 15, ids.map((id) => problem.ids.indexOf(id))) - coveredWeight(problem, 15, []);
  const answers: NeedAnswer[] = [];
  for (const [question, problem, model] of [['unmet', capacitated, 'cmclp'], ['low-apl', byLowApl, 'mclp'], ['population', byPopulation, 'mclp']] as const) {
    const result = await site(problem, { model, p, targetMinutes: 15, solver, timeLimit });
    const chosen = result.selected.map((s) => s.id);
    answers.push({ question, result, chosen, newlyServed: served(chosen), underServedNewlyWithin: within(byLowApl, chosen), newlyWithin: within(byPopulation, chosen) });
  }
  // The explanation of each chosen centre: APL before and after, new centres counting 5 GPs.
  const explain = (answer: NeedAnswer): ExplainedSite[] => {
    const added = createSites(answer.chosen.map((id) => ({ ...siteRecords(communes, (i) => communes.ids[i] === id)[0], capacity: CENTRE_GPS })));
    const both = createSites([...siteRecords(gpCommunes).map((r) => ({ ...r, id: `gp:${r.id}` })), ...siteRecords(added)]);
    return explainSiting(answer.result, travel.reach(communes, both, { maxMinutes: 20 }), communes, gpCommunes, added, { standardisedPopulation: drees.standardisedPopulation });
  };
  return { unmet, lowApl, answers, explain };
}

async function needMain(p: number, timeLimit?: number) {
  const { communes } = occitanie;
  const name = (id: string) => {
    const i = communes.indexOf(id);
    return i < 0 ? id : `${communes.attribute('name')[i]} (${communes.attribute('departement')[i]})`;
  };
  const int = (x: number) => Math.round(x).toLocaleString('en-GB');
  const heuristic = await needComparison(p, 'heuristic', timeLimit);
  const { unmet, lowApl, answers, explain } = await needComparison(p, 'exact', timeLimit);
  const worst = Array.from(unmet.weight, (x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 8);
  console.log(`Need, 15 minutes (crow-fly ${travel.speedKmh} km/h × ${travel.detour}), GPs of the BPE at ${PATIENTS_PER_GP} patients each:`);
  console.log(`  unmet need: ${int(unmet.total)} people without a GP place within 15 minutes; most in ${worst.map(([x, i]) => `${communes.attribute('name')[i]} ${int(x)}`).join(', ')}`);
  console.log(`  under-served (APL under 2.5 or no GP within 20 minutes): ${int(lowApl.total)} people\n`);
  console.log(`${p} new centres of ${CENTRE_GPS} GPs, sited for:            newly given a GP place   under-served newly within 15 min   newly within 15 min   status`);
  for (const [k, a] of answers.entries()) {
    const h = heuristic.answers[k];
    const label = { unmet: 'unmet need (capacitated MCLP)', 'low-apl': 'low-APL people (MCLP)', population: 'the population (MCLP)' }[a.question];
    console.log(`  ${label.padEnd(42)} ${int(a.newlyServed).padStart(10)} (heuristic ${int(h.newlyServed)})   ${int(a.underServedNewlyWithin).padStart(12)} (heuristic ${int(h.underServedNewlyWithin)})   ${int(a.newlyWithin).padStart(12)}   ${a.result.status}, ${a.result.stoppedBy}, ${a.result.nodes} nodes`);
  }
  for (const a of answers) {
    console.log(`\n${a.question}: the ${p} chosen, in greedy order (gain; people it serves or newly covers, mean minutes; APL of those before → after)`);
    for (const s of explain(a)) {
      const top = s.serves.slice(0, 4).map((d) => `${name(d.id)} ${int(d.people)} at ${d.minutes.toFixed(1)} min`).join(', ');
      console.log(`  ${String(s.order).padStart(2)}. ${name(s.id).padEnd(32)} +${int(s.gain).padEnd(7)} ${int(s.people ?? 0).padStart(7)} people, ${(s.meanMinutes ?? 0).toFixed(1)} min; APL ${s.aplBefore?.toFixed(2)} → ${s.aplAfter?.toFixed(2)}${s.need !== undefined ? `; need within 15 min ${int(s.need)}` : ''}: ${top}${s.serves.length > 4 ? `, … (${s.serves.length} communes)` : ''}`);
    }
  }
}

async function main() {
  const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const timeLimit = process.argv.includes('--time-limit') ? Number(arg('--time-limit', '600')) : undefined;
  const ps = arg('--p', '10,20,50').split(',').map(Number);
  if (process.argv.includes('--need-only')) return needMain(ps[0], timeLimit);
  const { communes } = occitanie;
  const names = new Map(Array.from(communes.ids, (id, i) => [id, `${communes.attribute('name')[i]} (${communes.attribute('departement')[i]})`]));
  const int = (x: number) => Math.round(x).toLocaleString('en-GB');
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const total = communes.totalPopulation;
  console.log(`MCLP, 15-minute target (crow-fly, ${travel.speedKmh} km/h × ${travel.detour}), ${int(communes.size)} communes, ${int(total)} inhabitants\n`);
  for (const kept of ['centres', 'gps'] as const) {
    const rows = await sideBySide(kept, ps, timeLimit);
    console.log(kept === 'centres' ? '(a) the 8 regional centres kept, every commune a candidate' : '(b) every commune with a GP kept, the others candidates');
    console.log('   p   heuristic covered      time   exact covered   status      bound         gap   stopped by   time   heuristic below exact');
    for (const r of rows) {
      console.log(
        `${String(r.p).padStart(4)}   ${int(r.heuristic.objective).padStart(10)} ${pct(r.heuristic.objective / total).padStart(7)}  ${r.heuristic.seconds.toFixed(2).padStart(5)} s` +
          `   ${int(r.exact.objective).padStart(10)}   ${r.exact.status.padEnd(8)}  ${int(r.exact.bound ?? NaN).padStart(10)}  ${(100 * (r.exact.gap ?? 0)).toFixed(3).padStart(6)} %  ${String(r.exact.stoppedBy).padEnd(10)} ${r.exact.seconds.toFixed(1).padStart(5)} s   ${(100 * r.heuristicGap).toFixed(3)} %`,
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
  console.log();
  await needMain(ps[0], timeLimit);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
