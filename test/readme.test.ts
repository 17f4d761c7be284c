import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every ```ts block of the README runs as written, importing the built package by its name.
const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  blocks.forEach((code, k) => {
    it(`block ${k + 1} runs`, () => {
      // Inside the package folder, so that 'careshed' resolves to this package (self-reference). The folder
      // stays (git ignores it): removing it while publint's npm pack walks the tree made that test fail once.
      const dir = join(process.cwd(), 'test', '.readme');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${k + 1}.ts`);
      writeFileSync(file, code);
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      if (code.includes('// 641 1')) expect(run.stdout.trim()).toBe('641 1');
      // The scenario example shows its output on the line after it: it must be what the code prints.
      const shown = /^console\.log\(s\.newlyCovered.*\n\/\/ (.*)$/m.exec(code);
      if (shown) expect(run.stdout.trim()).toBe(shown[1]);
    });
  });
});
