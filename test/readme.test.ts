import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { careshedIn, sandbox, shellWords } from './cli-run.js';

// Documentation that cannot drift. Every ```ts block of the README runs as written, importing the built package
// by its name, and what it prints is checked: each `// prints: TEXT` comment is one line the block must print,
// in the order of the comments (other lines, e.g. the rest of a loop's, may come between). Every console.log
// has at least one. Every command of a ```sh block that calls careshed runs on the fixtures and exits 0; a
// `# stderr: TEXT` comment under a command is text its standard error must hold (the summary a run to a file
// prints), so that figures in the command-line section come from runs too.
const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The lines a block says it prints, in order. */
function expectedPrints(code: string): string[] {
  return [...code.matchAll(/\/\/ prints: (.*)$/gm)].map((m) => m[1].trimEnd());
}

/** Whether `expected` appear among `lines` in that order. */
function inOrder(lines: readonly string[], expected: readonly string[]): string | null {
  let at = 0;
  for (const line of expected) {
    const found = lines.indexOf(line, at);
    if (found < 0) return line;
    at = found + 1;
  }
  return null;
}

/** Commands of the README's sh blocks that call careshed, each with the stderr text its comments require. */
function shellCommands(text: string): { line: string; stderr: string[] }[] {
  const commands: { line: string; stderr: string[] }[] = [];
  for (const [, block] of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current = '';
    for (const raw of block.split('\n')) {
      const comment = raw.match(/^\s*# stderr: (.*)$/);
      if (comment) {
        commands[commands.length - 1]?.stderr.push(comment[1].trimEnd());
        continue;
      }
      const line = raw.replace(/\s+#.*$/, '');
      current += (current ? ' ' : '') + line.trim().replace(/\\$/, '').trim();
      if (line.trimEnd().endsWith('\\')) continue;
      if (/^(npx )?careshed /.test(current)) commands.push({ line: current.replace(/^npx /, ''), stderr: [] });
      current = '';
    }
  }
  return commands;
}

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it('reads the conventions it checks', () => {
    expect(expectedPrints('console.log(1); // prints: 1\n// prints: a b\n')).toEqual(['1', 'a b']);
    expect(inOrder(['x', '1', 'y', 'a b'], ['1', 'a b'])).toBeNull();
    expect(inOrder(['a b', '1'], ['1', 'a b'])).toBe('a b');
    expect(shellCommands('```sh\nnpx careshed rank --demand d.csv \\\n  --out x.csv   # comment\n# stderr: wrote x.csv\nnpm test\n```\n')).toEqual([{ line: 'careshed rank --demand d.csv --out x.csv', stderr: ['wrote x.csv'] }]);
  });

  blocks.forEach((code, k) => {
    it(`block ${k + 1} runs and prints what it says`, () => {
      // Inside the package folder, so that 'careshed' resolves to this package (self-reference). The folder
      // stays (git ignores it): removing it while publint's npm pack walks the tree made that test fail once.
      const dir = join(process.cwd(), 'test', '.readme');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${k + 1}.ts`);
      writeFileSync(file, code);
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const expected = expectedPrints(code);
      const logs = code.match(/console\.log\(/g)?.length ?? 0;
      expect(expected.length, 'a // prints: comment for each console.log').toBeGreaterThanOrEqual(logs);
      const lines = run.stdout.split('\n').map((l) => l.trimEnd());
      expect(inOrder(lines, expected), `a line the README says it prints, not printed; the block printed:\n${run.stdout}`).toBeNull();
    });
  });
});

describe('README command lines', () => {
  const commands = shellCommands(readme);
  const dir = sandbox('careshed-readme-');

  it('has command lines', () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
  });

  it.each(commands.map((c) => [c.line, c] as const))('%s', (_line, { line, stderr }) => {
    const run = careshedIn(dir, shellWords(line).slice(1));
    expect(run.status, run.stderr).toBe(0);
    for (const text of stderr) expect(run.stderr).toContain(text);
  });
});
