import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemand, createSites, crowFly, DEFAULT_TIME_LIMIT, progressTicker, roadNetwork, type ProgressEvent } from '../src/index.js';
import { readRoadNetworkFile } from '../src/node/index.js';
import { sitingProblem } from '../src/siting/problem.js';
import { site } from '../src/siting/site.js';
import { progressBar } from '../src/cli/progress.js';

type Event = ProgressEvent & { finished?: boolean };

/** Within each step, done never goes back, and the step ends once, with done = total when the total is known. */
function checkSteps(events: Event[]): Map<string, Event[]> {
  const steps = new Map<string, Event[]>();
  for (const e of events) (steps.get(e.step) ?? steps.set(e.step, []).get(e.step)!).push(e);
  for (const [, list] of steps) {
    for (let k = 1; k < list.length; k++) expect(list[k].done).toBeGreaterThanOrEqual(list[k - 1].done);
    expect(list.filter((e) => e.finished)).toHaveLength(1);
    const last = list.at(-1)!;
    expect(last.finished).toBe(true);
    if (last.total !== null && !last.step.startsWith('exact')) expect(last.done).toBe(last.total);
  }
  return steps;
}

describe('progress callbacks', () => {
  it('a ticker reports at most every percent and ends at the total', () => {
    const events: Event[] = [];
    const ticker = progressTicker((e) => events.push(e), 'work', 1000, 'items');
    for (let k = 0; k < 1000; k++) ticker.tick(k);
    ticker.end();
    expect(events.length).toBeLessThanOrEqual(102);
    expect(events.length).toBeGreaterThan(50);
    checkSteps(events);
    expect(() => progressTicker(undefined, 'quiet', 10, 'x').tick(5)).not.toThrow();
  });

  it('reading a road network and building its reach table report their steps', async () => {
    const events: Event[] = [];
    const { graph } = await readRoadNetworkFile('../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf', { onProgress: (e) => events.push(e) });
    const demand = createDemand(Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, lon: 1.45 + 0.01 * (i % 6), lat: 42.46 + 0.02 * Math.floor(i / 6), population: 10 })));
    const sites = createSites([{ id: 'a', lon: 1.5218, lat: 42.5063 }, { id: 'b', lon: 1.5797, lat: 42.5357 }]);
    roadNetwork(graph).reach(demand, sites, { maxMinutes: 30, onProgress: (e) => events.push(e) });
    const steps = checkSteps(events);
    expect([...steps.keys()]).toEqual(['reading roads (.osm.pbf)', 'shortest paths']);
    expect(steps.get('shortest paths')!.at(-1)!.total).toBe(2); // one search per site: fewer sites than demand
  });

  it('siting reports the annealing and the exact solve', async () => {
    const demand = createDemand(Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, lon: 1 + 0.05 * (i % 8), lat: 43 + 0.05 * Math.floor(i / 8), population: 100 + i })));
    const sites = createSites(Array.from({ length: 40 }, (_, j) => ({ id: `s${j}`, lon: demand.lon[j], lat: demand.lat[j] })));
    const problem = sitingProblem(crowFly().reach(demand, sites, { maxMinutes: 15 }), demand, sites);
    const events: Event[] = [];
    await site(problem, { model: 'mclp', p: 3, solver: 'exact', onProgress: (e) => events.push(e) });
    const steps = checkSteps(events);
    expect([...steps.keys()]).toEqual(['MCLP heuristic (annealing)', 'exact MCLP (HiGHS)']);
    expect(steps.get('exact MCLP (HiGHS)')![0]).toMatchObject({ done: 0, total: DEFAULT_TIME_LIMIT, unit: 's' });
  });
});

describe('progress bars of the command line', () => {
  const fakeTerminal = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, columns: 80, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
  };

  it('draw on a terminal and wipe themselves at the end of the step', () => {
    const { written, stream } = fakeTerminal(true);
    let now = 1_000; // a test clock: the verdict never depends on how busy the machine is
    const bar = progressBar(stream, false, () => now)!;
    bar({ step: 'shortest paths', done: 0, total: 10, unit: 'searches' });
    expect(written.at(-1)).toMatch(/^\r\x1b\[Kshortest paths \[\.+\] 0 % 0 s$/);
    now += 50;
    bar({ step: 'shortest paths', done: 3, total: 10, unit: 'searches' });
    expect(written).toHaveLength(1); // redrawn at most every 100 ms
    now += 2_950;
    bar({ step: 'shortest paths', done: 5, total: 10, unit: 'searches' });
    expect(written.at(-1)).toMatch(/\[#{10}\.{10}\] 50 % 3 s$/); // 20 wide on 80 columns
    bar({ step: 'shortest paths', done: 10, total: 10, unit: 'searches', finished: true });
    expect(written.at(-1)).toBe('\r\x1b[K');
    bar({ step: 'reading roads', done: 200_000, total: null, unit: 'nodes and ways' });
    expect(written.at(-1)).toMatch(/reading roads: 200,000 nodes and ways, 0 s/);
  });

  it('are absent when standard error is not a terminal, or with --quiet', () => {
    expect(progressBar(fakeTerminal(false).stream)).toBeUndefined();
    expect(progressBar(fakeTerminal(true).stream, true)).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'careshed-progress-'));
    writeFileSync(join(dir, 'd.csv'), 'id,lon,lat,population\nd1,1.5218,42.5063,100\n');
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\nvella,1.5218,42.5063\n');
    const run = spawnSync(process.execPath, ['dist/cli.js', 'coverage', '--demand', join(dir, 'd.csv'), '--supply', join(dir, 's.csv'), '--travel', 'network:../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\x1b[K');
  });
});
