/**
 * Where careshed's exact solves spend their time, and their models for native HiGHS (issue 15, point 4).
 *   npx tsx bench/export-mclp-model.ts [--p 10,20,50] [--runs 3] [--skip-pmedian]   then   python3 bench/native-highs.py
 *
 * The MCLP of Occitanie, every commune a candidate, the 8 centres kept, 15 minutes at 45 km/h × 1.5 (the siting
 * bench's instance), for each p; then the p-medians of OR-Library pmed1–10. First HiGHS's WebAssembly is loaded
 * (compiled once a process, inside the first exact solve otherwise), timed apart. Then for each instance:
 * `site()` with the exact solver, timed whole (the MCLP: the median of 3 calls after a first that warms the
 * JavaScript engine up; the p-medians, longer: one call), and the same solve in its parts, as `site()` runs them
 * with the same options: the heuristic that gives the start, building the model, handing it to HiGHS in
 * WebAssembly (createModel) and reading the answer back, and HiGHS's own run. The model is caught as HiGHS
 * receives it (`MipOptions.onModel`, off by default) and written to bench/results/spopt/careshed-mclp-p{P}.json
 * and careshed-pmed{K}.json (bench/mip-json.ts says the format), with the starting solution and the HiGHS
 * options careshed sets, so that bench/native-highs.py solves exactly that model with native HiGHS. The times
 * and objectives go to bench/results/spopt/careshed-wasm.json. The machine is shared: read the seconds as
 * ratios between solves run close together.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { problemFromCosts, readOrLibraryPmedian, site, type SitingProblem } from 'careshed/node';
import { coveredWeight, mclpExact, mclpHeuristic } from '../src/siting/mclp.js';
import { medianCost, pmedianExact, pmedianHeuristic } from '../src/siting/pmedian.js';
import { DEFAULT_MAX_NODES, DEFAULT_MIP_GAP, DEFAULT_TIME_LIMIT, type MipExport, type MipOptions, type MipResult } from '../src/siting/mip.js';
import { loadHighs } from '../src/siting/highs.js';
import { occitanieProblem } from '../examples/occitanie-siting.js';
import { mipJson } from './mip-json.js';

type Model = 'mclp' | 'pmedian';
const TARGET = 15;
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const ps = (argument('--p') ?? '10,20,50').split(',').map(Number);
const repeats = Number(argument('--runs') ?? 3);
const out = 'bench/results/spopt';
mkdirSync(out, { recursive: true });

// Compiling HiGHS's WebAssembly happens once a process, in the first exact solve: timed apart.
const t = performance.now();
await loadHighs();
const loadSeconds = (performance.now() - t) / 1000;
console.log(`HiGHS WebAssembly loaded in ${loadSeconds.toFixed(2)} s (once a process, before the first exact solve)`);

const runs = [];
const occitanie = occitanieProblem('centres');
for (const p of ps) runs.push(await measure(`Occitanie MCLP p = ${p}`, `careshed-mclp-p${p}`, occitanie, 'mclp', p, repeats, true));
if (!process.argv.includes('--skip-pmedian')) {
  for (let k = 1; k <= 10; k++) {
    const { n, p, costs } = readOrLibraryPmedian(readFileSync(`../shared/data/orlib-pmed/pmed${k}.txt`, 'utf8'), `pmed${k}`);
    runs.push(await measure(`pmed${k}`, `careshed-pmed${k}`, problemFromCosts(costs, n, n), 'pmedian', p, 1, false));
  }
}
writeFileSync(`${out}/careshed-wasm.json`, JSON.stringify({ date: new Date().toISOString(), node: process.version, loadSeconds, runs }, null, 2) + '\n');
console.log(`wrote ${out}/careshed-wasm.json and the models beside it`);

/** One instance: site() exact whole (`repeats` calls, after a warm-up call if `warm`), its parts, its model. */
async function measure(instance: string, file: string, problem: SitingProblem, model: Model, p: number, repeats: number, warm: boolean) {
  const call = () => site(problem, { model, p, solver: 'exact', targetMinutes: TARGET });
  let firstSiteSeconds: number | null = null;
  if (warm) {
    const t0 = performance.now();
    await call();
    firstSiteSeconds = (performance.now() - t0) / 1000;
  }
  const siteSamples: number[] = [];
  let whole: Awaited<ReturnType<typeof site>> | undefined;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    whole = await call();
    siteSamples.push((performance.now() - t0) / 1000);
  }
  const parts: Awaited<ReturnType<typeof inParts>>[] = [];
  let exported: MipExport | undefined;
  for (let r = 0; r < repeats; r++) parts.push(await inParts(problem, model, p, (m) => (exported = m)));
  if (!exported || !whole) throw new Error(`${instance}: the exact solve never reached HiGHS`);
  // The MCLP's model leaves out what the kept sites cover; site() counts it.
  const offset = model === 'mclp' ? coveredWeight(problem, TARGET, []) : 0;
  const json = mipJson(exported, offset);
  writeFileSync(`${out}/${file}.json`, JSON.stringify({ instance, p, ...json }) + '\n');
  for (const part of parts) if (Math.abs(part.objective - whole.objective) > 1e-6 * whole.objective) throw new Error(`${instance}: site() gives ${whole.objective}, its parts ${part.objective}`);
  const pick = (key: 'heuristicSeconds' | 'buildSeconds' | 'handOverSeconds' | 'highsSeconds') => median(parts.map((x) => x[key]));
  const run = {
    instance,
    file,
    model,
    p,
    objective: whole.objective,
    status: whole.status,
    nodes: whole.nodes ?? null,
    siteSeconds: median(siteSamples),
    siteSamples,
    firstSiteSeconds,
    parts: { heuristicSeconds: pick('heuristicSeconds'), buildSeconds: pick('buildSeconds'), handOverSeconds: pick('handOverSeconds'), highsSeconds: pick('highsSeconds'), highsSamples: parts.map((x) => x.highsSeconds), objective: parts[0].objective, nodes: parts[0].nodes, stoppedBy: parts[0].stoppedBy },
    shape: { columns: json.numCols, rows: json.numRows, nonzeros: json.values.length, offset },
  };
  const first = firstSiteSeconds === null ? '' : `; first call ${firstSiteSeconds.toFixed(2)} s`;
  console.log(`${instance}: site() exact ${run.siteSeconds.toFixed(2)} s (median of ${repeats}${first}), ${whole.status}, objective ${whole.objective}, ${whole.nodes} nodes; heuristic ${run.parts.heuristicSeconds.toFixed(2)} s, model ${run.parts.buildSeconds.toFixed(2)} s (${json.numCols} columns, ${json.numRows} rows, ${json.values.length} nonzeros), hand-over ${run.parts.handOverSeconds.toFixed(2)} s, HiGHS (WebAssembly) ${run.parts.highsSeconds.toFixed(2)} s`);
  return run;
}

/**
 * The solve as site() runs it, in its parts, with site()'s options: populations are whole numbers, so the MCLP
 * is solved to the optimum within one person (relative gap 0, absolute 0.99); the p-median to the relative gap.
 */
async function inParts(problem: SitingProblem, model: Model, p: number, onModel: (model: MipExport) => void) {
  const t1 = performance.now();
  const start = model === 'mclp' ? mclpHeuristic(problem, p, TARGET) : pmedianHeuristic(problem, p);
  const t2 = performance.now();
  let t3 = 0;
  const options: MipOptions = {
    maxNodes: DEFAULT_MAX_NODES,
    timeLimit: DEFAULT_TIME_LIMIT,
    ...(model === 'mclp' ? { mipGap: 0, absoluteGap: 0.99 } : { mipGap: DEFAULT_MIP_GAP, absoluteGap: 0 }),
    onModel: (m) => {
      t3 = performance.now();
      onModel(m);
    },
  };
  // As site() judges them: the MCLP's coverage counted again, the p-median's cost the better of the two answers.
  let exact: MipResult;
  let objective: number;
  if (model === 'mclp') {
    const e = await mclpExact(problem, p, TARGET, start.open, options);
    [exact, objective] = [e, e.covered];
  } else {
    const e = await pmedianExact(problem, p, start.open, options);
    [exact, objective] = [e, Math.min(medianCost(problem, e.open), medianCost(problem, start.open))];
  }
  const t4 = performance.now();
  return {
    heuristicSeconds: (t2 - t1) / 1000,
    buildSeconds: (t3 - t2) / 1000,
    // createModel (the model copied into WebAssembly) and reading the answer back.
    handOverSeconds: (t4 - t3) / 1000 - exact.seconds,
    highsSeconds: exact.seconds,
    objective,
    nodes: exact.nodes,
    stoppedBy: exact.stoppedBy,
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
