import { runDemo } from '../../node/demo.js';
import { DEFAULT_TIME_LIMIT } from '../../siting/mip.js';
import { numberOption, parseCommand } from '../usage.js';
import type { CommandContext } from '../context.js';

export const demoHelp = `careshed demo: the whole pipeline on the embedded Occitanie data

Usage:
  careshed demo [--out DIR] [--p N] [--time-limit S]

Coverage by the 8 "Ma santé, Ma Région" centres within 15 minutes, accessibility to GPs (DREES APL) and
capacity-aware coverage, the ranking of EPCIs, the next N centres by MCLP (exact when it fits the time limit),
then into DIR: report.html (open it in a browser, no network needed), coverage-map.svg/.png,
access-map.svg/.png, ranking-epci.csv, sites.geojson, summary.json.

Options:
  --out DIR          output folder (default careshed-demo)
  --p N              new centres to site (default 10)
  --time-limit S     seconds for the exact solver, a safety: its node limit decides (default 600)
  --quiet, -q        no progress lines
  --help, -h         this help

Example:
  careshed demo --out demo
`;

const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

export const demoOptions = { out: { type: 'string' }, p: { type: 'string' }, 'time-limit': { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

export async function runDemoCommand(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('demo', argv, demoOptions);
  if (values.help) return context.stdout(demoHelp);
  const folder = values.out ?? 'careshed-demo';
  const r = await runDemo(folder, { p: numberOption('demo', 'p', values.p, 10), timeLimit: numberOption('demo', 'time-limit', values['time-limit'], DEFAULT_TIME_LIMIT), log: context.warn(values.quiet) });
  const worst = r.gps.ranking.slice(0, 3).map((t) => `  ${t.rank}. ${t.name}: ${t.reason}`);
  context.stdout(
    [
      `Occitanie, ${int(r.centres.population)} inhabitants, 15-minute target (straight lines, 2.0 min per km):`,
      `  within 15 min of one of the 8 regional centres: ${int(r.centres.coveredPopulation)} (${pct(r.centres.coveredShare)})`,
      `  with the ${r.siting.p} proposed centres (${r.siting.status}): ${int(r.withProposed.coveredPopulation)} (${pct(r.withProposed.coveredShare)}); first: ${r.siting.selected.slice(0, 3).map((s) => r.names.get(s.id) ?? s.id).join(', ')}`,
      `  ${r.siting.p} a year for 3 years: ${r.plan.map((y) => `${pct(y.covered / r.centres.population)} after year ${y.year}`).join(', ')}`,
      `  within 15 min of any commune with a GP (the neighbours' too): ${pct(r.gpPresence.coveredShare)}; with a place at 1,000 patients per GP: ${pct(r.gps.capacity.summary.assignedShare)} (${pct((r.gps.capacity.summary.assignedPopulationAtMost ?? 0) / r.gps.capacity.summary.population)} if Occitanie is served before its neighbours)`,
      `  weighted by need (people in communes with an APL under 2.5: ${int(r.byNeed.underServed)}): within 15 min of a centre ${int(r.byNeed.centres)} today, ${int(r.byNeed.populationBased)} with the sites above, ${int(r.byNeed.needBased)} with ${r.siting.p} sited for them`,
      `  APL to GPs (with the communes around the region), standardised-population-weighted mean ${r.gps.access.summary.meanValue?.toFixed(2)}; worst-served EPCIs:`,
      ...worst,
      `wrote ${r.files.join(', ')} to ${folder}/ in ${r.seconds.toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}
