import { CareshedError, nearestName } from '../model/errors.js';
import { locateError } from '../node/files.js';
import type { CommandContext } from './context.js';
import { coverageHelp, coverageOptions, runCoverage } from './commands/coverage.js';
import { matrixHelp, matrixOptions, runMatrix } from './commands/matrix.js';
import { accessHelp, accessOptions, runAccess } from './commands/access.js';
import { rankHelp, rankOptions, runRank } from './commands/rank.js';
import { runSite, siteHelp, siteOptions } from './commands/site.js';
import { compareHelp, compareOptions, runCompare } from './commands/compare.js';
import { demoHelp, demoOptions, runDemoCommand } from './commands/demo.js';
import { reportHelp, reportOptions, runReport } from './commands/report.js';
import { UsageError, type OptionSpec } from './usage.js';
import { quote } from '../model/quote.js';

import { VERSION as version } from '../model/version.js';

/** Every command: how it runs, its line in the overview, its help, and the options it accepts (the help lists each: a test checks). */
export const commands: Record<string, { run: (argv: string[], context: CommandContext) => Promise<void>; summary: string; help: string; options: OptionSpec }> = {
  coverage: { run: runCoverage, summary: 'travel time to the nearest site and the population within the target', help: coverageHelp, options: coverageOptions },
  matrix: { run: runMatrix, summary: 'travel minutes from demand points to sites within a cutoff, as a long CSV', help: matrixHelp, options: matrixOptions },
  access: { run: runAccess, summary: 'care capacity within reach: 2SFCA, E2SFCA, gravity, 3SFCA, BFCA, DREES APL', help: accessHelp, options: accessOptions },
  rank: { run: runRank, summary: 'territories from worst to best served, with the reasons in numbers', help: rankHelp, options: rankOptions },
  site: { run: runSite, summary: 'where new sites should open: MCLP, LSCP, p-median, p-center, capacitated MCLP', help: siteHelp, options: siteOptions },
  compare: { run: runCompare, summary: 'what a scenario (sites added, closed, moved or sited; another target) changes against a baseline', help: compareHelp, options: compareOptions },
  report: { run: runReport, summary: 'one self-contained HTML report: map, summary, ranking, siting, switchable sites', help: reportHelp, options: reportOptions },
  demo: { run: runDemoCommand, summary: 'the whole pipeline on the embedded Occitanie data: report, maps, ranking, sites', help: demoHelp, options: demoOptions },
};

const help = `careshed ${version}: planning access to primary care

Usage:
  careshed <command> [options]
  careshed <command> --help     (or careshed help <command>)

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Options:
  --help, -h     this help
  --version, -v  the version

Exit status: 0 success; 1 bad input or failure (message on standard error); 2 bad usage: an unknown or
repeated option, a value an option does not take (--minutes -5, --p 1.5, a --bounds whose west edge is east
of its east edge, a --travel or --decay that does not parse), or an option the command, model or solver
asked for does not use (--p with lscp). Every option value is checked before any file is read. A value that
only the input rules out (--p larger than the number of candidates) is bad input: 1.
`;

/** The command of that name, or bad usage naming the commands there are and the nearest. */
function knownCommand(name: string) {
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command) return command;
  const near = name.length <= 60 ? nearestName(name, Object.keys(commands)) : undefined;
  throw new UsageError(`careshed: unknown command ${quote(name)}${near !== undefined ? ` (did you mean ${near}?)` : ''}; commands: ${Object.keys(commands).join(', ')} (careshed --help)`);
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === 'help' && rest[0] !== undefined) {
      context.stdout(knownCommand(rest[0]).help);
      return 0;
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      context.stdout(help);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      context.stdout(`${version}\n`);
      return 0;
    }
    await knownCommand(name).run(rest, context);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CareshedError) {
      process.stderr.write(`careshed ${name}: ${locateError(error).message} [${error.code}]\n`); // with the line of the record it names
      return 1;
    }
    process.stderr.write(`careshed ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
