import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The lines after "Example:", a command each, continued by a trailing backslash. */
export function helpExamples(help: string): string[] {
  // "Example:", "Examples:" or "Example (what it shows):", then the command lines up to a blank line.
  const heading = /\nExamples?(?: \([^)]*\))?:\n/.exec(help);
  if (!heading) return [];
  const lines = help.slice(heading.index + heading[0].length).split('\n');
  const examples: string[] = [];
  let current = '';
  for (const line of lines) {
    if (line.trim() === '') break;
    current += (current ? ' ' : '') + line.trim().replace(/\\$/, '').trim();
    if (!line.trimEnd().endsWith('\\')) {
      examples.push(current);
      current = '';
    }
  }
  return examples;
}

/** Splits a command line as a shell would, for the simple quoting help examples use. */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** A folder where the paths of the README and the help resolve (fixtures/, examples/) and outputs can go. */
export function sandbox(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const name of ['fixtures', 'examples']) symlinkSync(resolve(name), join(dir, name));
  return dir;
}

/** Runs `careshed ARGS` (the built binary) in `cwd`. */
export function careshedIn(cwd: string, args: string[]) {
  const run = spawnSync(process.execPath, [resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `careshed ARGS` (the built binary) from the package folder. */
export function careshed(...args: string[]) {
  return careshedIn(process.cwd(), args);
}
