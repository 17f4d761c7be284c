import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

describe('the package', () => {
  it('has a browser-safe default entry: it bundles for the browser with no Node built-in', async () => {
    const result = await build({ entryPoints: ['dist/index.js'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/require\(["'](fs|path|node:)/);
  });

  it('passes publint', () => {
    const run = spawnSync(process.execPath, ['node_modules/publint/src/cli.js', '--strict'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('All good');
    expect(run.status).toBe(0);
  });

  it('ships typed declarations for both entries', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const entry of ['.', './node']) expect(readFileSync(pkg.exports[entry].types, 'utf8')).toContain('export');
  });

  it('runs the Occitanie coverage example', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/occitanie-coverage.ts'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Occitanie');
    expect(run.stdout.split('\n').filter((l) => /^\d\d\s/.test(l))).toHaveLength(14); // 13 départements and the region
  });

  it('runs the crow-fly calibration example on the two real networks', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/calibrate-crow-fly.ts'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Andorra.*600/);
    expect(run.stdout).toMatch(/Toulouse.*600/);
  });

  it('runs the Occitanie accessibility example: ρ for a list of travel models, the fit, and the scatter plot', () => {
    const plot = mkdtempSync(join(tmpdir(), 'careshed-plot-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/occitanie-access.ts', '--travel', 'crow:45:1.5,crow:60:1.3', '--plot', plot], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\| `crow:45:1\.5` \(crow:45:1\.5\) \| 2\.00 \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \|$/m);
    expect(run.stdout).toMatch(/^\| `crow:60:1\.3` \(crow:60:1\.3\) \| 1\.30 \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \|$/m);
    expect(run.stdout).toMatch(/Spearman 0\.\d\d/);
    expect(run.stdout).toMatch(/matches the means exactly .*: \d,\d{3}/);
    expect(run.stdout).toContain('The twenty worst-served EPCIs:');
    expect(readdirSync(plot).sort()).toEqual(['apl-vs-drees.png', 'apl-vs-drees.svg']);
  });

  it('runs the Occitanie siting example (10 and 20 centres, exact and heuristic side by side, the curve, siting for need); the README quotes it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/occitanie-siting.ts', '--p', '10,20'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const readme = readFileSync('README.md', 'utf8');
    // For each kept set and p: heuristic covered, exact covered, status; the exact is proven and never below.
    const rows = [...run.stdout.matchAll(/^ +(10|20) +([\d,]+) +([\d.]+ %) .*? s +([\d,]+) +(\w+) .* ([\d.]+ %)$/gm)];
    expect(rows).toHaveLength(4);
    const kept = ['the 8 regional centres', 'the 8 regional centres', 'every commune with a GP', 'every commune with a GP'];
    rows.forEach(([, p, heuristic, share, exact, status, below], k) => {
      expect(status).toBe('optimal');
      const [h, e] = [heuristic, exact].map((x) => Number(x.replace(/,/g, '')));
      expect(e).toBeGreaterThanOrEqual(h);
      expect(h).toBeGreaterThanOrEqual(0.995 * e);
      expect(readme).toContain(`| ${kept[k]} | ${p} | ${heuristic} (${share}) | ${exact}, optimal | ${below} |`);
    });
    // Siting for need: the README's table is the example's three exact answers.
    const labels = [['unmet need (capacitated MCLP)', 'unmet need (capacitated MCLP, the GPs existing)'], ['low-APL people (MCLP)', 'low-APL people (MCLP, the 8 centres kept)'], ['the population (MCLP)', 'the population (MCLP, the 8 centres kept)']];
    for (const [printed, quoted] of labels) {
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith(printed))!;
      const [served, , under, , within] = [...line.matchAll(/[\d,]{2,}/g)].map((m) => m[0]);
      expect(readme).toContain(`| ${quoted} | ${served} | ${under} | ${within} |`);
    }
    expect(run.stdout).toContain('Coverage curve with the 8 centres kept');
  });
});
