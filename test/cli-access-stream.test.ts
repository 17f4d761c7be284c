import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import './fast-check-seed.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessibility, apl, APL_DECAY, aplTerms, binaryDecay, CareshedError, crowFly, estimatePairs, gaussianDecay, gravityDecay, stepDecay, streamAccessibility, type FcaMethod } from '../src/index.js';
import { readDemandFile, readSitesFile } from '../src/node/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { careshed } from './cli-run.js';
import { brutePairs, points } from './brute.js';
import { sameBits, scatter } from './scatter.js';

// `careshed access` streams the demand by blocks (--block-size, or on its own above --reach-memory): the
// reference is the same command on the whole table, which the other access tests hold to DREES, the IPEA
// package and hand sums. Byte for byte: the same CSV, the same JSON apart from the "stream" note.

const communes = 'fixtures/occitanie/communes.csv';
const gps = 'fixtures/occitanie/gp-communes.csv';
const surroundings = ['--surroundings-demand', 'fixtures/occitanie/neighbour-communes.csv', '--surroundings-supply', 'fixtures/occitanie/neighbour-gp-communes.csv'];
const travel = ['--travel', 'crow:45:1.5'];
const dir = mkdtempSync(join(tmpdir(), 'careshed-access-stream-'));

/** The JSON (standard output) and the CSV of one run, and its standard error. */
function run(name: string, args: string[]) {
  const json = careshed('access', ...args);
  expect(json.status, json.stderr).toBe(0);
  const csvPath = join(dir, `${name}.csv`);
  const csv = careshed('access', ...args, '--out', csvPath, '-q');
  expect(csv.status, csv.stderr).toBe(0);
  return { json: json.stdout, csv: readFileSync(csvPath, 'utf8'), stderr: json.stderr };
}

/** The JSON text without its "stream" note, and the note. */
function withoutStream(text: string) {
  const parsed = JSON.parse(text) as { stream?: { blockSize: number; blocks: number; pairCount: number; largestBlockPairs: number } };
  const { stream, ...rest } = parsed;
  return { text: JSON.stringify(rest), stream };
}

describe('careshed access --block-size: the output of the whole table, byte for byte', () => {
  const cases: [string, string[]][] = [
    ['2sfca', ['--method', '2sfca']],
    ['2sfca-surroundings', ['--method', '2sfca', ...surroundings]],
    ['e2sfca-gravity', ['--method', 'e2sfca', '--decay', 'gravity:1.5:30']],
    ['e2sfca-gravity-surroundings', ['--method', 'e2sfca', '--decay', 'gravity:1.5:30', ...surroundings]],
    ['apl-surroundings', ['--method', 'apl', ...surroundings]],
    ['3sfca', ['--method', '3sfca', '--decay', 'gaussian:10:30']],
    ['bfca-two-decays-surroundings', ['--method', 'bfca', '--decay', 'gravity:1|2:30', '--decay', 'step:10=1,20=0.5', ...surroundings]],
  ];
  it.each(cases)('%s', (name, args) => {
    const base = ['--demand', communes, '--supply', gps, ...travel, ...args];
    const whole = run(`${name}-whole`, base);
    const streamed = run(`${name}-streamed`, [...base, '--block-size', '500']);
    expect(streamed.csv).toBe(whole.csv);
    const a = withoutStream(whole.json);
    const b = withoutStream(streamed.json);
    expect(a.stream).toBeUndefined();
    expect(b.text).toBe(a.text);
    // The blocks cover every point, study and surroundings: 4,446 communes (and 2,582 around them) by 500.
    const points = 4446 + (args.includes('--surroundings-demand') ? 2582 : 0);
    expect(b.stream).toMatchObject({ blockSize: 500, blocks: Math.ceil(points / 500) });
    expect(b.stream!.largestBlockPairs).toBeLessThanOrEqual(b.stream!.pairCount);
    expect(streamed.stderr).toContain(`careshed access: streamed in ${Math.ceil(points / 500)} blocks of 500 demand points, each built twice`);
    expect(whole.stderr).not.toContain('streamed');
  });

  it('counts in "stream" the pairs the whole table holds, by brute force (2SFCA, binary 30 minutes)', () => {
    const demand = readDemandFile(communes);
    const gpCommunes = readSitesFile(gps);
    const run = careshed('access', '--demand', communes, '--supply', gps, ...travel, '--method', '2sfca', '--block-size', '1000', '-q');
    expect(run.status, run.stderr).toBe(0);
    const brute = brutePairs(points(demand), points(gpCommunes), 30).reduce((sum, row) => sum + row.length, 0);
    expect(JSON.parse(run.stdout).stream).toMatchObject({ blockSize: 1000, blocks: 5, pairCount: brute });
  });
});

describe('careshed access streams on its own above --reach-memory', () => {
  it('says so with the estimate, and writes what the whole table gives', () => {
    const base = ['--demand', communes, '--supply', gps, ...travel, '--method', 'e2sfca', '--decay', 'gaussian:10:30', ...surroundings];
    const whole = run('auto-whole', base);
    const streamed = run('auto-streamed', [...base, '--reach-memory', '0.5']);
    expect(streamed.csv).toBe(whole.csv);
    expect(withoutStream(streamed.json).text).toBe(withoutStream(whole.json).text);
    // 7,028 points (4,446 + 2,582) sampled 2,000; blocks whose pairs take about a quarter of 0.5 MB (16,384 pairs).
    expect(streamed.stderr).toMatch(/careshed access: the reach table would hold about [\d,]+ pairs within 30 min \(counted for 2,000 of the 7,028 demand points\), [\d.]+ (kB|MB) with accessibility's weights, over --reach-memory \(0\.5 MB\): the demand goes through in blocks of [\d,]+ points/);
    const { stream } = withoutStream(streamed.json);
    const estimated = Number(/would hold about ([\d,]+) pairs/.exec(streamed.stderr)![1].replace(/,/g, ''));
    // The sample's estimate, within 10 % of the pairs counted in all (the communes' density is uneven).
    expect(Math.abs(estimated - stream!.pairCount) / stream!.pairCount).toBeLessThan(0.1);
    expect(stream!.blockSize).toBe(Math.floor((7028 * 16_384) / estimated));
    expect(withoutStream(whole.json).stream).toBeUndefined();
  });

  it('with another travel model builds the whole table and says that it is over', () => {
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const demand = file('m-demand.csv', 'id,population\na,100\nb,50\nc,10\n');
    const sites = file('m-sites.csv', 'id,capacity\ns,2\nt,1\n');
    const matrix = file('m-matrix.csv', 'from,to,minutes\na,s,5\na,t,12\nb,s,20\nc,t,8\n');
    const args = ['--demand', demand, '--supply', sites, '--travel', `matrix:${matrix}`, '--method', '2sfca', '--decay', 'binary:30'];
    const over = careshed('access', ...args, '--reach-memory', '0.00001');
    expect(over.status, over.stderr).toBe(0);
    // 4 pairs × 16 bytes + 3 points × 12 = 100 bytes, over 10.49 bytes.
    expect(over.stderr).toContain("careshed access: the reach table holds 4 pairs, 0.1 kB with accessibility's weights, over --reach-memory (0.00001 MB)");
    expect(over.stderr).toContain('straight lines (--travel crow) stream the demand by blocks');
    const within = careshed('access', ...args);
    expect(within.stderr).not.toContain('reach table holds');
    // By hand: s serves a (5 min) and b (20 min): 2 / 150; t serves a and c: 1 / 110.
    const values = JSON.parse(within.stdout).demand.map((d: { value: number }) => d.value);
    expect(values[0]).toBeCloseTo(2 / 150 + 1 / 110, 15);
    expect(values[1]).toBeCloseTo(2 / 150, 15);
    expect(values[2]).toBeCloseTo(1 / 110, 15);
    expect(JSON.parse(over.stdout).demand).toEqual(JSON.parse(within.stdout).demand);
  });
});

describe('careshed access: bad --block-size and --reach-memory are bad usage, before any file is read', () => {
  const nowhere = join(dir, 'no-such-file.csv');
  const base = ['--demand', nowhere, '--supply', nowhere, '--method', 'e2sfca'];
  it.each([
    [['--block-size', '0'], 'careshed access: --block-size must be a whole number of demand points, 1 or more; got "0"'],
    [['--block-size', '-3'], 'careshed access: --block-size must be a whole number of demand points, 1 or more; got "-3"'],
    [['--block-size', '1.5'], 'careshed access: --block-size must be a whole number of demand points, 1 or more; got "1.5"'],
    [['--block-size', 'abc'], 'careshed access: --block-size must be a whole number of demand points, 1 or more (written in decimal); got "abc"'],
    [['--block-size', '1e3'], '--block-size must be a whole number of demand points, 1 or more (in digits only); got "1e3"'],
    [['--block-size', ''], '--block-size must be a whole number of demand points'],
    [['--reach-memory', '0'], 'careshed access: --reach-memory must be a number of MB, more than 0; got "0"'],
    [['--reach-memory', 'lots'], '--reach-memory must be a number of MB, more than 0 (written in decimal); got "lots"'],
    [['--block-size', '500', '--travel', `matrix:${nowhere}`], 'careshed access: --block-size streams the demand through straight lines (--travel crow); --travel matrix:'],
    [['--block-size', '500', '--travel', 'osrm:http://localhost:5000'], '--travel osrm:http://localhost:5000 builds the whole table'],
  ])('%j', (args, message) => {
    const run = careshed('access', ...base, ...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/cannot read|no such file|IO_ERROR/);
  });
});



describe('streamAccessibility with several decays', () => {
  const crow = crowFly({ speedKmh: 45, detour: 1.5 });

  it('gives each decay what accessibility() gives it on the whole table, bit for bit, the blocks built once a pass for all', async () => {
    const decays = [gaussianDecay(10, 30), gravityDecay(1.5, 20), stepDecay([[10, 1], [20, 0.5], [25, 0.25]])];
    const { demand, sites } = scatter(17, 500, 40);
    const whole = crow.reach(demand, sites, { maxMinutes: 30 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<FcaMethod>('e2sfca', 'gravity', '3sfca', 'bfca'), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 499 }), async (method, blockSize, studyCount) => {
        const expected = accessibility(whole, demand, sites, { method, decay: decays, studyCount: studyCount || undefined });
        let builds = 0;
        const counting = { name: crow.name, reach: (...args: Parameters<typeof crow.reach>) => (builds++, crow.reach(...args)) };
        const streamed = await streamAccessibility(counting, demand, sites, { method, decay: decays, blockSize, studyCount: studyCount || undefined });
        expect(streamed).toHaveLength(3);
        streamed.forEach((s, d) => {
          sameBits(s.value, expected[d].value);
          sameBits(s.ratio, expected[d].ratio);
          expect(s.summary).toEqual(expected[d].summary);
          expect(s.stream.pairCount).toBe(whole.pairCount);
        });
        expect(builds).toBe(2 * Math.ceil(500 / blockSize));
      }),
      { numRuns: 25 },
    );
  });

  it('takes a list of one and gives a list; refuses an empty list', async () => {
    const { demand, sites } = scatter(2, 30, 5);
    const one = await streamAccessibility(crow, demand, sites, { method: '2sfca', decay: [binaryDecay(30)], blockSize: 7 });
    expect(Array.isArray(one)).toBe(true);
    const e = await streamAccessibility(crow, demand, sites, { method: 'e2sfca', decay: [] }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(CareshedError);
    expect((e as CareshedError).message).toMatch(/a decay .* or a list of them/);
  });

  it('runs the APL from aplTerms as apl() does on the whole table', async () => {
    const { communes: demand, gpCommunes } = loadOccitanie();
    const expected = apl(crow.reach(demand, gpCommunes, { maxMinutes: 20 }), demand, gpCommunes, { activityPerGp: 3500 });
    const { supply, weight, weightName } = aplTerms(demand, gpCommunes, { activityPerGp: 3500 });
    const streamed = await streamAccessibility(crow, demand, gpCommunes, { method: 'e2sfca', decay: APL_DECAY, supply, demandWeight: weight, blockSize: 999 });
    sameBits(streamed.value, expected.value);
    expect({ ...streamed.summary, demandWeight: weightName }).toEqual(expected.summary);
    expect(weightName).toBe('standardised_population');
  });
});

describe('estimatePairs', () => {
  const crow = crowFly({ speedKmh: 45, detour: 1.5 });

  it('counts every pair when the demand is no larger than the sample (brute force)', async () => {
    const { demand, sites } = scatter(4, 300, 30);
    const brute = brutePairs(points(demand), points(sites), 20).reduce((sum, row) => sum + row.length, 0);
    expect(await estimatePairs(crow, demand, sites, { maxMinutes: 20 })).toEqual({ pairs: brute, sampled: 300, exact: true });
  });

  it('scales the pairs of evenly spaced points, and lands near the count in all', async () => {
    const { demand, sites } = scatter(9, 3000, 60);
    const sample = 250;
    const rows = brutePairs(points(demand), points(sites), 25).map((row) => row.length);
    let sampled = 0;
    for (let s = 0; s < sample; s++) sampled += rows[Math.floor(((s + 0.5) * 3000) / sample)];
    const estimate = await estimatePairs(crow, demand, sites, { maxMinutes: 25, sampleSize: sample });
    expect(estimate).toEqual({ pairs: Math.round((sampled * 3000) / sample), sampled: sample, exact: false });
    const all = rows.reduce((a, b) => a + b, 0);
    expect(Math.abs(estimate.pairs - all) / all).toBeLessThan(0.1);
  });

  it('refuses a sample that is not a whole number of points', async () => {
    const { demand, sites } = scatter(1, 10, 2);
    for (const sampleSize of [0, 1.5, -2, NaN]) {
      const e = await estimatePairs(crow, demand, sites, { maxMinutes: 20, sampleSize }).then(() => undefined, (x: unknown) => x);
      expect(e, String(sampleSize)).toBeInstanceOf(CareshedError);
      expect((e as CareshedError).code).toBe('INVALID_OPTION');
    }
  });
});
