import { describeTravel } from '../../travel/provider.js';
import { inputHelp, inputOptions, reachInputs } from '../inputs.js';
import { numberOption, requireOption, UsageError } from '../usage.js';
import { parseCommand } from '../options.js';
import { count, int, writeFile } from '../output.js';
import { formatTable } from '../../io/table.js';
import { matrixRows } from '../../node/matrix-file.js';
import type { CommandContext } from '../context.js';

export const matrixHelp = `careshed matrix: the travel minutes from every demand point to every site within a cutoff, as a long CSV

Usage:
  careshed matrix --demand FILE --supply FILE [--travel SPEC] --max-minutes M --out FILE.csv

Options:
${inputHelp}
  --max-minutes M          leave out pairs farther than M minutes (inclusive cutoff)
  --out FILE.csv           from,to,minutes, one row per pair within the cutoff, rows of a demand point by
                           minutes; a demand point with none gets one row for its nearest site beyond the
                           cutoff. Minutes are written to float32 precision, so that --travel matrix:FILE
                           with the same cutoff reads back the same table (nearest sites included)

Example:
  careshed matrix --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --max-minutes 20 --out matrix.csv
`;

export const matrixOptions = { ...inputOptions, 'max-minutes': { type: 'string' }, out: { type: 'string' } } as const;

export async function runMatrix(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('matrix', argv, matrixOptions);
  if (values.help) return context.stdout(matrixHelp);
  requireOption('matrix', 'demand', values.demand);
  requireOption('matrix', 'supply', values.supply);
  requireOption('matrix', 'max-minutes', values['max-minutes']);
  const out = requireOption('matrix', 'out', values.out);
  if (!/\.csv$/i.test(out)) throw new UsageError(`careshed matrix: --out must end in .csv, got "${out}"`);
  const maxMinutes = numberOption('matrix', 'max-minutes', values['max-minutes'], 0);
  const { demand, sites, reach, warn, travel } = await reachInputs('matrix', values, context, maxMinutes);
  const rows = matrixRows(reach, demand, sites);
  writeFile('matrix', out, formatTable(['from', 'to', 'minutes'], rows), warn);
  const beyond = rows.length - reach.pairCount;
  warn(`careshed matrix: ${count(reach.pairCount, 'pair')} within ${maxMinutes} min${beyond > 0 ? `, and the nearest site beyond for ${int(beyond)} demand ${beyond === 1 ? 'point' : 'points'} with none,` : ''} written to ${out}`);
  warn(`careshed matrix: travel: ${describeTravel(travel).words}`);
}
