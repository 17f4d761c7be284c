import { coverage, coverageBy, coverageRows } from '../../coverage/coverage.js';
import { inputHelp, inputOptions, reachInputs } from '../inputs.js';
import { outputFormat, writeOutput } from '../output.js';
import { numberOption, parseCommand, requireOption } from '../usage.js';
import type { CommandContext } from '../context.js';

export const coverageHelp = `careshed coverage: travel time to the nearest site for every demand point, and the population within the target

Usage:
  careshed coverage --demand FILE --supply FILE [--travel SPEC] [--minutes 15] [--by ATTRIBUTE]... [--out FILE]

Options:
${inputHelp}
  --minutes M              target in minutes, inclusive (default 15)
  --by ATTRIBUTE           also summarise by this demand attribute (repeatable), e.g. departement, epci
  --out FILE               .json (default, to standard output), .csv (one row per demand point) or .geojson

Example:
  careshed coverage --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/centres.csv --by departement
`;

export async function runCoverage(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('coverage', argv, { ...inputOptions, minutes: { type: 'string' }, by: { type: 'string', multiple: true }, out: { type: 'string' } });
  if (values.help) return context.stdout(coverageHelp);
  requireOption('coverage', 'demand', values.demand);
  requireOption('coverage', 'supply', values.supply);
  const targetMinutes = numberOption('coverage', 'minutes', values.minutes, 15);
  outputFormat('coverage', values.out);
  const { demand, sites, travel, reach } = await reachInputs('coverage', values, context, targetMinutes);
  const result = coverage(reach, demand, { targetMinutes });
  const rows = coverageRows(result, demand, sites);
  const groups = Object.fromEntries((values.by ?? []).map((attribute) => [attribute, coverageBy(result, demand, attribute)]));
  writeOutput(
    'coverage',
    values.out,
    {
      json: { travel: travel.name, summary: result.summary, ...(values.by ? { groups } : {}), demand: rows },
      table: { columns: ['id', 'nearest', 'minutes', 'covered'], rows: rows.map((r) => [r.id, r.nearest, r.minutes, r.covered]) },
      features: { demand, properties: (i) => ({ nearest: rows[i].nearest, minutes: rows[i].minutes, covered: rows[i].covered }) },
    },
    context.stdout,
  );
}
