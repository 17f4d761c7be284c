import { CareshedError } from '../model/errors.js';
import { checkWritable, guardOutputs, pathsInValue, type NamedPath, type PlannedOutput } from '../node/output-guard.js';
import { DEMO_FILES } from '../node/demo-files.js';
import { MAP_FILES } from '../node/map-files.js';
import { UsageError, type OptionSpec } from './usage.js';

/**
 * The options that name what a command writes: a file, or a folder with the names of the files put in it.
 * Every other text option, and every positional argument, is taken as a possible input: its value (and the
 * FILE of a `KIND:FILE` spec) counts when it names a file that is there. So an option added later that reads
 * a file is guarded without a word here; an option added later that writes one must be listed.
 */
const OUTPUT_OPTIONS: Readonly<Record<string, 'file' | readonly string[]>> = { out: 'file', 'by-out': 'file', maps: MAP_FILES };

/** Commands whose --out is a folder, with the files they write in it. */
const FOLDER_OUT: Readonly<Record<string, readonly string[]>> = { demo: DEMO_FILES };

/** Whether an option of a command names an output (a file or a folder of files), and which. */
export function outputOf(command: string, option: string): 'file' | readonly string[] | undefined {
  if (option === 'out' && Object.hasOwn(FOLDER_OUT, command)) return FOLDER_OUT[command];
  return Object.hasOwn(OUTPUT_OPTIONS, option) ? OUTPUT_OPTIONS[option] : undefined;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The inputs and outputs a command line names, read from the command's option specs. */
export function commandPaths(command: string, options: OptionSpec, values: Values, positionals: readonly string[] = []): { inputs: NamedPath[]; outputs: PlannedOutput[] } {
  const inputs: NamedPath[] = positionals.flatMap((value, k) => pathsInValue(value).map((path) => ({ label: `argument ${k + 1}`, path })));
  const outputs: PlannedOutput[] = [];
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string' || !Object.hasOwn(values, name)) continue;
    const given = values[name];
    const texts = (Array.isArray(given) ? given : [given]).filter((v): v is string => typeof v === 'string');
    const output = outputOf(command, name);
    for (const text of texts) {
      if (output === 'file') outputs.push({ label: `--${name}`, path: text });
      else if (output) outputs.push({ label: `--${name}`, path: text, files: output });
      else inputs.push(...pathsInValue(text).map((path) => ({ label: `--${name}`, path })));
    }
  }
  return { inputs, outputs };
}

/**
 * Before anything is read: bad usage (exit status 2) when an output would write over an input or another
 * output, naming both and how they are one file; a failure (exit status 1) when an output cannot be written.
 */
export function guardPaths(command: string, inputs: readonly NamedPath[], outputs: readonly PlannedOutput[]): void {
  if (outputs.length === 0) return;
  try {
    guardOutputs(inputs, outputs);
  } catch (error) {
    if (error instanceof CareshedError && (error.code === 'OUTPUT_IS_INPUT' || error.code === 'OUTPUT_CONFLICT')) throw new UsageError(`careshed ${command}: ${error.problem} [${error.code}]`);
    throw error;
  }
  checkWritable(outputs);
}

/**
 * Every command's guard, run by `parseCommand` once the values are checked: the command's outputs against its
 * inputs, from its option specs (see OUTPUT_OPTIONS).
 */
export function guardCommandPaths(command: string, options: OptionSpec, values: Values, positionals: readonly string[] = []): void {
  const { inputs, outputs } = commandPaths(command, options, values, positionals);
  guardPaths(command, inputs, outputs);
}
