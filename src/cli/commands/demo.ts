import { DEMO_FILES, demoInputs } from '../../node/demo-files.js';
import { guardPaths } from '../output-paths.js';
import { GP_TERMS, reasonWords } from '../../report/words.js';
import { DEFAULT_TIME_LIMIT } from '../../siting/mip.js';
import { numberOption } from '../usage.js';
import { parseCommand } from '../options.js';
import type { CommandContext } from '../context.js';
import { int } from '../../model/figures.js';

export const demoHelp = `careshed demo: the whole pipeline on the embedded Occitanie data

Usage:
  careshed demo [--out DIR] [--p N] [--time-limit S]

On one frame (the GPs of every commune and the regional centres): today's three figures (people within 15
minutes of a "Ma santé, Ma Région" centre, people without a GP place within 15 minutes, people in under-served
communes), the next N centres where GP places are short (capacitated siting, exact when it fits the time
limit) beside the population-only answer, a plan of N a year for 3 years and the EPCIs where the need is
greatest; then into DIR: report.html (open it in a browser, no network needed), coverage-map.svg/.png,
access-map.svg/.png, places-map.svg/.png, ranking-epci.csv, sites.geojson, summary.json.

Options:
  --out DIR          output folder (default careshed-demo)
  --p N              new centres to site (default 10)
  --time-limit S     seconds for the exact solver, a safety: its node limit decides (default 600)
  --quiet, -q        no progress lines
  --help, -h         this help

Example:
  careshed demo --out demo
`;

const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`;
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(1, width - text.length));

export const demoOptions = { out: { type: 'string' }, p: { type: 'string' }, 'time-limit': { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

export async function runDemoCommand(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('demo', argv, demoOptions);
  if (values.help) return context.stdout(demoHelp);
  const folder = values.out ?? 'careshed-demo';
  guardPaths('demo', demoInputs(), [{ label: values.out === undefined ? 'the demo folder' : '--out', path: folder, files: DEMO_FILES }]);
  const { runDemo } = await import('../../node/demo.js'); // the report's code, loaded when the demo runs
  const r = await runDemo(folder, { p: numberOption('demo', 'p', values.p, 10), timeLimit: numberOption('demo', 'time-limit', values['time-limit'], DEFAULT_TIME_LIMIT), log: context.warn(values.quiet) });
  const p = r.proposalSites.length;
  const figure = (label: string, value: number) => `  ${pad(label, 46)}${pad(int(value), 10)}(${pct(value, r.population)})`;
  const three = (h: typeof r.today) => [
    figure('within 15 minutes of a regional centre', h.withinCentre),
    figure('without a GP place within 15 minutes', h.withoutPlace),
    figure('in under-served communes (APL under 2.5)', h.underServed),
  ];
  const names = (sites: { name: string }[]) => sites.map((s) => s.name).join(', ');
  const worst = r.ranking.slice(0, 3).map((t) => `  ${t.rank}. ${t.name}: ${reasonWords(t, GP_TERMS, 15)}`);
  const ranges = r.todayRanges;
  context.stdout(
    [
      `Occitanie: ${int(r.population)} inhabitants; ${int(r.gpCount)} GPs in ${int(r.gpCommunes)} communes (INSEE BPE, about 2017); ${r.centres} regional centres named in public sources (4 GPs each assumed).`,
      `Every figure counts the same sites: the GPs and the centres open.`,
      `Today:`,
      ...three(r.today),
      `Proposal: ${p} centres where GP places are short (${r.proposalSiting.status}): ${names(r.proposalSites)}`,
      ...three(r.proposal),
      `  ${r.proposalWords}`,
      `Alternative: ${p} centres where most people live (${r.alternativeSiting.status}): ${names(r.alternativeSites)}`,
      ...three(r.alternative),
      `  ${r.comparisonWords}`,
      `A plan of ${p} a year, where GP places are short: ${r.plan.map((y) => `${int(y.headline.withoutPlace)} without a GP place after year ${y.year}`).join(', ')}.`,
      `How sure: travel minutes are straight-line estimates, off by a median 11 to 19 % against real roads; with every trip 19 % shorter or longer, today's figures would be ${int(ranges.withinCentre[0])} to ${int(ranges.withinCentre[1])} within 15 minutes of a centre, ${int(ranges.withoutPlace[0])} to ${int(ranges.withoutPlace[1])} without a GP place, ${int(ranges.underServed[0])} to ${int(ranges.underServed[1])} in under-served communes. A siting is a model's suggestion.`,
      `EPCIs where the need is greatest today:`,
      ...worst,
      `wrote ${r.files.join(', ')} to ${folder}/ in ${r.seconds.toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}
