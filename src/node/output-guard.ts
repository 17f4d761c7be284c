import { accessSync, constants, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CareshedError } from '../model/errors.js';
import { outputTarget } from './output-files.js';

/** A path and what it is to the user: the flag that gave it ("--demand"), or its role ("the scenario's demand"). */
export interface NamedPath {
  label: string;
  path: string;
}

/** An output: one file, or a folder and the names of the files written into it. */
export interface PlannedOutput extends NamedPath {
  files?: readonly string[];
}

/**
 * Who a file is: its device and inode, the same through every spelling, symbolic link and hard link. Only
 * files hold data to lose: a device or a pipe (/dev/stdin, /dev/null, a terminal) is no one here.
 */
function fileId(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true }); // bigint: inodes of NTFS and some network disks pass 2^53
    return s.isFile() ? `${s.dev}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** The path with every link and `..` resolved, as far as it exists; the rest as written. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(canonical(parent), basename(absolute));
  }
}

const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

/** How an output and an input that are one file are one: for the message. */
function sameness(output: string, input: string): string {
  if (isLink(output)) return 'a symbolic link to';
  if (canonical(output) === canonical(input)) return resolve(output) === resolve(input) ? 'the same file as' : 'the same file, spelled differently, as';
  return 'a hard link to';
}

/** Every file an output plan writes (a folder's files), with the folder itself, which must not be an input either. */
function outputFiles(outputs: readonly PlannedOutput[]): PlannedOutput[] {
  return outputs.flatMap((o) => (o.files ? [o, ...o.files.map((name) => ({ label: `${o.label} (its file ${name})`, path: join(o.path, name) }))] : [o]));
}

/**
 * Refuses outputs that would write over an input, or over each other, before anything is read: an output
 * path is compared with every input by device and inode (so `./sub/../demand.csv`, a symbolic link and a hard
 * link to it are caught), and the files a folder output will hold likewise. Inputs that do not exist are
 * left to the readers (nothing can be lost there). Throws OUTPUT_IS_INPUT or OUTPUT_CONFLICT.
 *
 * @example
 * guardOutputs([{ label: '--demand', path: 'communes.csv' }], [{ label: '--out', path: './x/../communes.csv' }]);
 * // throws OUTPUT_IS_INPUT: --out "./x/../communes.csv" is the same file, spelled differently, as --demand "communes.csv"
 */
export function guardOutputs(inputs: readonly NamedPath[], outputs: readonly PlannedOutput[]): void {
  const known = inputs.flatMap((input) => {
    const id = fileId(input.path);
    return id === undefined ? [] : [{ ...input, id }];
  });
  const files = outputFiles(outputs);
  for (const output of files) {
    // The file the writer would replace: `./missing/../demand.csv` is demand.csv to it, though no system call
    // can open that spelling.
    const id = fileId(outputTarget(output.path));
    const input = id === undefined ? undefined : known.find((k) => k.id === id);
    if (input) {
      throw new CareshedError('OUTPUT_IS_INPUT', `${output.label} "${output.path}" is ${sameness(output.path, input.path)} ${input.label} "${input.path}": careshed never writes over its inputs; give the output another path`, { field: output.label, value: output.path });
    }
  }
  const seen = new Map<string, NamedPath>();
  for (const output of files) {
    const target = outputTarget(output.path);
    if (existing(target) && !existing(target)!.isFile() && !output.files) continue; // --out /dev/null twice is fine
    const keys = [canonical(target), fileId(target)].filter((k): k is string => k !== undefined);
    const before = keys.map((k) => seen.get(k)).find((o) => o !== undefined);
    if (before) {
      throw new CareshedError('OUTPUT_CONFLICT', `${output.label} "${output.path}" is the same file as ${before.label} "${before.path}": one would overwrite the other; give each output its own path`, { field: output.label, value: output.path });
    }
    for (const k of keys) seen.set(k, output);
  }
}

const existing = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return null;
  }
};

/**
 * Says now, before any work, when an output cannot be written: a file path that is a folder, a read-only
 * file, a path under a file, a folder that is read-only or on a read-only disk, a drive that is not there.
 * What only writing can tell (a full disk) is said when writing, and leaves the old files as they were.
 *
 * @example
 * checkWritable([{ label: '--out', path: '/read-only/coverage.csv' }]); // throws IO_ERROR
 */
export function checkWritable(outputs: readonly PlannedOutput[]): void {
  for (const output of outputs) {
    const fail = (problem: string, path = output.path): never => {
      throw new CareshedError('IO_ERROR', `cannot write ${output.label} here: ${problem}; nothing was read or written`, { source: path });
    };
    const target = output.files ? resolve(output.path) : outputTarget(output.path);
    const here = existing(target);
    if (here && output.files && !here.isDirectory()) fail('it is a file, not a folder');
    if (here && !output.files) {
      if (here.isDirectory()) fail('it is a folder, not a file');
      try {
        accessSync(target, constants.W_OK);
      } catch {
        fail('the file is read-only');
      }
    }
    // The nearest folder that is there must be a folder careshed may write in.
    let folder = output.files ? target : dirname(target);
    while (!existing(folder)) {
      const parent = dirname(folder);
      if (parent === folder) fail(`no part of the path exists (a drive that is not there?)`);
      folder = parent;
    }
    if (!existing(folder)!.isDirectory()) fail(`${folder} is a file, not a folder`);
    try {
      accessSync(folder, constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(`the folder ${folder} cannot be written (${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'})`);
    }
  }
}

/**
 * The files an option's value may name: the value, and for a spec `KIND:FILE[,key=value...]` (`--travel
 * matrix:times.csv`, `network:roads.pbf,maxspeed=0.9`) the file in it, with and without each trailing
 * `,key=value`. Only the ones that exist count as inputs.
 *
 * @example
 * pathsInValue('network:roads.pbf,maxspeed=0.9'); // ['network:roads.pbf,maxspeed=0.9', 'roads.pbf,maxspeed=0.9', 'roads.pbf']
 */
export function pathsInValue(value: string): string[] {
  const paths = [value];
  const colon = value.indexOf(':');
  if (colon <= 0) return paths;
  let rest = value.slice(colon + 1);
  paths.push(rest);
  for (let comma = rest.lastIndexOf(','); comma > 0; comma = rest.lastIndexOf(',')) {
    if (!rest.slice(comma + 1).includes('=')) break;
    rest = rest.slice(0, comma);
    paths.push(rest);
  }
  return paths;
}

/**
 * The files a scenario file refers to, before it is run: every text in it that names a file there, relative
 * to the scenario's folder or to the working folder (a `travel` spec's file among them). A scenario that does
 * not parse names none: running it will say what is wrong, and nothing is written.
 *
 * @example
 * scenarioInputs('plans/ten-centres.json'); // [{ label: '"demand" in plans/ten-centres.json', path: '/home/me/plans/communes.csv' }, ...]
 */
export function scenarioInputs(path: string): NamedPath[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const found: NamedPath[] = [];
  const visit = (value: unknown, field: string) => {
    if (typeof value === 'string') {
      for (const candidate of pathsInValue(value)) {
        for (const at of [resolve(dirname(path), candidate), resolve(candidate)]) found.push({ label: `"${field}" in ${path}`, path: at });
      }
    } else if (Array.isArray(value)) value.forEach((v, k) => visit(v, `${field}[${k}]`));
    else if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) visit(v, field === '' ? key : `${field}.${key}`);
  };
  visit(raw, '');
  return found;
}
