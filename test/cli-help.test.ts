import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/main.js';
import { careshedIn, helpExamples, sandbox, shellWords } from './cli-run.js';

// Help that cannot drift from the code: every option a command accepts is in its help and every option its
// help names is accepted; every example of every help runs.

/** The options a help text names: --word tokens and -x short flags at the start of an option line. */
function namedOptions(help: string): { long: Set<string>; short: Set<string> } {
  const long = new Set([...help.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
  const short = new Set([...help.matchAll(/^ {2}--[a-z][a-z0-9-]*(?: [A-Z=,.:|\]_[]+)?, -([a-z])\b/gm)].map((m) => m[1]));
  return { long, short };
}

describe('help lists every option the command accepts, and no other', () => {
  for (const [name, command] of Object.entries(commands)) {
    it(name, () => {
      const { long, short } = namedOptions(command.help);
      const accepted = Object.keys(command.options);
      expect(accepted.filter((o) => !long.has(o)), `accepted by careshed ${name} but not in its help`).toEqual([]);
      expect([...long].filter((o) => !accepted.includes(o)), `in the help of careshed ${name} but not accepted`).toEqual([]);
      const shorts = Object.values(command.options).flatMap((o) => (o.short ? [o.short] : []));
      expect(shorts.filter((s) => !short.has(s)), `short flags of careshed ${name} missing from its help`).toEqual([]);
    });
  }

  it('finds what is missing', () => {
    const { long, short } = namedOptions('  --out FILE   where\n  --quiet, -q  hush\n  see --by-out\n');
    expect([...long]).toEqual(['out', 'quiet', 'by-out']);
    expect([...short]).toEqual(['q']);
  });
});

describe('every example of every help runs', () => {
  const dir = sandbox('careshed-help-');
  const examples = Object.entries(commands).flatMap(([name, c]) => helpExamples(c.help).map((line) => [name, line] as const));

  it('has an example for every command', () => {
    expect(new Set(examples.map(([name]) => name))).toEqual(new Set(Object.keys(commands)));
  });

  it.each(examples)('careshed %s: %s', (_name, line) => {
    const words = shellWords(line);
    expect(words[0]).toBe('careshed');
    const run = careshedIn(dir, words.slice(1));
    expect(run.status, run.stderr).toBe(0);
  });
});
