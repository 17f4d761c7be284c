import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverage, createDemand, createSites, crowFly, formatTable, greatCircleKm, MatrixAccumulator, osrm, ReachTable } from '../src/index.js';
import { float32Text, loadOccitanie, MatrixFileTravel, matrixRows, OsrmFileCheckpoint, travelFromSpecNode } from '../src/node/index.js';
import { error } from './expect-error.js';

const dir = mkdtempSync(join(tmpdir(), 'careshed-matrix-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const demand = createDemand([
  { id: '01001', lon: 1, lat: 43, population: 10 },
  { id: '01002', lon: 1.1, lat: 43, population: 20 },
  { id: '01003', lon: 1.2, lat: 43, population: 30 },
]);
const sites = createSites([
  { id: 'A', lon: 1, lat: 43 },
  { id: 'B', lon: 1.2, lat: 43 },
]);

describe('matrix files', () => {
  it('streams a long CSV, keeps the pairs within the cutoff and each nearest site', async () => {
    const path = file('m.csv', 'from,to,minutes\n01001,A,5\n01001,B,40\n01002,A,12\n01002,B,14\n01003,B,0\n01003,A,31\n');
    const travel = new MatrixFileTravel(path);
    const events: { done: number; finished?: boolean }[] = [];
    const reach = await travel.reach(demand, sites, { maxMinutes: 15, onProgress: (e) => events.push(e) });
    expect(events.at(-1)).toMatchObject({ done: 6, finished: true }); // six rows read
    expect(Array.from(reach.offsets)).toEqual([0, 1, 3, 4]);
    expect(Array.from(reach.site)).toEqual([0, 0, 1, 1]);
    expect(Array.from(reach.minutes)).toEqual([5, 12, 14, 0]);
    expect(coverage(reach, demand, { targetMinutes: 10 }).summary.coveredPopulation).toBe(40);
    expect(travel.lastReport).toMatchObject({ rows: 6, kept: 4, noRoute: 0, demandWithoutRows: [] });
  });

  it('reads renamed columns and seconds, keeps ids as text, and counts ids it does not know', async () => {
    const path = file('m2.csv', 'orig;dest;secs\n01001;A;600\n01001;Z;60\n99999;A;60\n01002;A;\n');
    const travel = new MatrixFileTravel(path, { columns: ['orig', 'dest', 'secs'], seconds: true });
    const reach = await travel.reach(demand, sites, { maxMinutes: 30 });
    expect(Array.from(reach.minutes)).toEqual([10]);
    expect(travel.lastReport?.unknownTo).toEqual({ count: 1, examples: ['Z'] });
    expect(travel.lastReport?.unknownFrom).toEqual({ count: 1, examples: ['99999'] });
    expect(travel.lastReport?.noRoute).toBe(1);
    expect(travel.lastReport?.demandWithoutRows).toEqual(['01003']);
  });

  it('rejects negative and non-numeric times, repeated pairs and missing columns, naming the line', async () => {
    const reach = (text: string) => new MatrixFileTravel(file('bad.csv', text)).reach(demand, sites, { maxMinutes: 30 });
    await expect(reach('from,to,minutes\n01001,A,5\n01002,A,-3\n')).rejects.toThrow(/line 3.*is negative/);
    await expect(reach('from,to,minutes\n01001,A,soon\n')).rejects.toThrow(/line 2.*not a number/);
    await expect(reach('from,to,minutes\n01001,A,5\n01001,A,6\n')).rejects.toThrow(/line 3.*appears twice/);
    await expect(reach('origin,to,minutes\n01001,A,5\n')).rejects.toThrow(/no column "from"/);
    await expect(reach('from,to,minutes\n')).rejects.toThrow(/no row/);
    await expect(new MatrixFileTravel(join(dir, 'none.csv')).reach(demand, sites, { maxMinutes: 5 })).rejects.toThrow(/no such file/);
  });

  it('reads an OSRM table response saved as JSON (seconds, null for no route)', async () => {
    const path = file('t.json', JSON.stringify({ code: 'Ok', durations: [[60, 1200], [null, 900], [1800, 0]] }));
    const travel = new MatrixFileTravel(path);
    const reach = await travel.reach(demand, sites, { maxMinutes: 20 });
    expect(Array.from(reach.minutes)).toEqual([1, 20, 15, 0]);
    expect(travel.lastReport?.noRoute).toBe(1);
    await expect(new MatrixFileTravel(file('t2.json', JSON.stringify({ code: 'Ok', durations: [[1]] }))).reach(demand, sites, { maxMinutes: 5 })).rejects.toThrow(/3 × 2/);
  });

  it('refuses a matrix none of whose rows ends at a site, or starts at a demand point, naming the file and column', async () => {
    // Made for other sites: every destination unknown; the examples are distinct ids.
    const other = file('other-sites.csv', 'from,to,minutes\n01001,X,5\n01002,X,6\n01003,Y,7\n01001,Y,8\n');
    const e = await new MatrixFileTravel(other).reach(demand, sites, { maxMinutes: 30 }).catch((x) => x);
    expect(e.code).toBe('JOIN_MISSING');
    expect(e.location).toMatchObject({ source: other, field: 'to' });
    expect(e.message).toContain('none of the 4 rows of the matrix ends at a site: column "to" holds "X", "Y"…, the 2 sites have the ids "A", "B"');
    expect(e.message).toContain('--matrix-columns FROM,TO,TIME names others');
    // Columns named the other way round: from the sites to the demand points.
    const reversed = file('reversed.csv', 'from,to,minutes\nA,01001,5\nB,01002,6\n');
    const r = await new MatrixFileTravel(reversed).reach(demand, sites, { maxMinutes: 30 }).catch((x) => x);
    expect(r.location).toMatchObject({ field: 'from' });
    expect(r.message).toContain('read the other way round every row fits (from a site to a demand point): name the columns in that order, --matrix-columns to,from,minutes');
    // Codes saved as numbers: "1001" for "01001".
    const zeros = file('zeros.csv', 'from,to,minutes\n1001,A,5\n1002,B,6\n');
    const z = await new MatrixFileTravel(zeros).reach(demand, sites, { maxMinutes: 30 }).catch((x) => x);
    expect(z.message).toContain('none of the 2 rows of the matrix starts at a demand point: column "from" holds "1001", "1002"…');
    expect(z.message).toContain('all of them match once leading zeros are put back ("1001" is "01001"): the matrix lost them');
    // Some rows that fit nothing are only counted, with the lost zeros said.
    const partly = file('partly.csv', 'from,to,minutes\n01001,A,5\n1002,A,6\n1002,B,6\n');
    const travel = new MatrixFileTravel(partly);
    await travel.reach(demand, sites, { maxMinutes: 30 });
    expect(travel.lastReport?.unknownFrom).toEqual({ count: 2, examples: ['1002'], lostZeros: ['1002', '01002'] });
  });

  it('reads an OSRM JSON file that starts with a byte-order mark', async () => {
    const path = file('bom.json', `\uFEFF${JSON.stringify({ code: 'Ok', durations: [[60, 1200], [null, 900], [1800, 0]] })}`);
    const reach = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: 20 });
    expect(Array.from(reach.minutes)).toEqual([1, 20, 15, 0]);
  });

  it('keeps a bounded table however long the file', () => {
    const many = createDemand(Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, lon: 1, lat: 43, population: 1 })));
    const targets = createSites(Array.from({ length: 500 }, (_, j) => ({ id: `s${j}`, lon: 1, lat: 43 })));
    const accumulator = new MatrixAccumulator(many, targets, 10);
    // A million rows, of which only those under 10 minutes are kept: 2,000 × 500 × 1/20.
    for (let i = 0; i < 2000; i++) for (let j = 0; j < 500; j++) accumulator.add(`d${i}`, `s${j}`, (i + j) % 200);
    const table = accumulator.finish();
    expect(accumulator.report.rows).toBe(1_000_000);
    expect(table.pairCount).toBe(accumulator.report.kept);
    let expected = 0;
    for (let i = 0; i < 2000; i++) for (let j = 0; j < 500; j++) if ((i + j) % 200 <= 10) expected++;
    expect(table.pairCount).toBe(expected);
  });
});

/** Asserts two tables are the same, array for array, bit for bit. */
function expectSameTable(a: ReachTable, b: ReachTable) {
  expect(a.maxMinutes).toBe(b.maxMinutes);
  expect(a.siteCount).toBe(b.siteCount);
  for (const part of ['offsets', 'site', 'minutes', 'nearestSite', 'nearestMinutes'] as const) expect(Array.from(a[part]), part).toEqual(Array.from(b[part]));
}

describe('a matrix written from a reach table and read back', () => {
  const travel = crowFly({ speedKmh: 45, detour: 1.5 });
  const write = (name: string, reach: ReachTable, d: typeof demand, s: typeof sites) => file(name, formatTable(['from', 'to', 'minutes'], matrixRows(reach, d, s)));

  it('writes each float32 minute in the fewest digits that read back to it', () => {
    expect(float32Text(12)).toBe('12');
    expect(float32Text(0)).toBe('0');
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(Math.PI))).toBe('3.1415927');
    fc.assert(
      fc.property(fc.float({ min: 0, max: 1e6, noNaN: true }), (m) => {
        expect(Math.fround(Number(float32Text(m)))).toBe(m);
      }),
    );
  });

  it('is the same table: the 8 centres of Occitanie at 20 minutes, the nearest beyond the cutoff included', async () => {
    const { communes, centres } = loadOccitanie();
    const reach = travel.reach(communes, centres, { maxMinutes: 20 });
    const rows = matrixRows(reach, communes, centres);
    // One row per pair, and one for each commune with none within 20 minutes (most of the region).
    const empty = Array.from(communes.ids, (_, i) => reach.offsets[i + 1] === reach.offsets[i]).filter(Boolean).length;
    expect(empty).toBeGreaterThan(3000);
    expect(rows).toHaveLength(reach.pairCount + empty);
    const back = await new MatrixFileTravel(write('occitanie.csv', reach, communes, centres)).reach(communes, centres, { maxMinutes: 20 });
    expectSameTable(back, reach);
    expect(coverage(back, communes).summary).toEqual(coverage(reach, communes).summary);
  });

  it('is the same table on random demand, sites and cutoffs', async () => {
    const place = fc.record({ lon: fc.double({ min: 0, max: 3, noNaN: true }), lat: fc.double({ min: 43, max: 44, noNaN: true }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(place, { minLength: 1, maxLength: 30 }), fc.array(place, { minLength: 1, maxLength: 15 }), fc.double({ min: 0.5, max: 60, noNaN: true }), async (d, s, maxMinutes) => {
        const dem = createDemand(d.map((p, i) => ({ id: `d${i}`, ...p, population: 1 })));
        const sit = createSites(s.map((p, j) => ({ id: `s${j}`, ...p })));
        const reach = travel.reach(dem, sit, { maxMinutes });
        const back = await new MatrixFileTravel(write(`random-${run++}.csv`, reach, dem, sit)).reach(dem, sit, { maxMinutes });
        expectSameTable(back, reach);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a matrix table restricted to some sites', () => {
  const many = createDemand(Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, lon: 1, lat: 43 + i / 100, population: 10 * (i + 1) })));
  const four = createSites(Array.from({ length: 4 }, (_, j) => ({ id: `s${j}`, lon: 1, lat: 43 })));
  // Minutes (i, j): 7 i + 5 j + 1, rows in a scrambled order; d5 has no route to s0, d4 no row for s1.
  const rows: [string, string, string][] = [];
  for (let i = 5; i >= 0; i--) for (const j of [2, 0, 3, 1]) if (!(i === 4 && j === 1)) rows.push([`d${i}`, `s${j}`, i === 5 && j === 0 ? 'NA' : String(7 * i + 5 * j + 1)]);

  it('reads the file again for the nearest open site beyond the cutoff, as a fresh read on those sites gives it', async () => {
    const path = file('restrict.csv', formatTable(['from', 'to', 'minutes'], rows));
    const travel = new MatrixFileTravel(path);
    const reach = await travel.reach(many, four, { maxMinutes: 12 });
    for (const open of [[0, 1, 1, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]]) {
      const restricted = reach.restrictTo(open);
      // By hand: the nearest open site is the open j with the smallest 5 j (row d5 cannot take s0, d4 has no s1).
      const expected = Array.from(many.ids, (_, i) => open.findIndex((o, j) => o && !(i === 5 && j === 0) && !(i === 4 && j === 1)));
      expect(Array.from(restricted.nearestSite)).toEqual(expected);
      expect(Array.from(restricted.nearestMinutes)).toEqual(expected.map((j, i) => (j < 0 ? Infinity : 7 * i + 5 * j + 1)));
      const openIds = four.ids.filter((_, j) => open[j]);
      if (openIds.length === 0) continue;
      const fresh = await new MatrixFileTravel(path).reach(many, createSites(openIds.map((id) => ({ id, lon: 1, lat: 43 }))), { maxMinutes: 12 });
      expect(Array.from(restricted.nearestMinutes)).toEqual(Array.from(fresh.nearestMinutes));
      expect(Array.from(restricted.minutes)).toEqual(Array.from(fresh.minutes));
    }
  });

  it('reads OSRM JSON again the same way, and refuses a file that changed since', async () => {
    const path = file('restrict.json', JSON.stringify({ code: 'Ok', durations: Array.from(many.ids, (_, i) => Array.from(four.ids, (_, j) => 60 * (7 * i + 5 * j + 1))) }));
    const reach = await new MatrixFileTravel(path).reach(many, four, { maxMinutes: 12 });
    expect(Array.from(reach.restrictTo([0, 0, 1, 0]).nearestMinutes)).toEqual(Array.from(many.ids, (_, i) => 7 * i + 11));
    const csv = file('changing.csv', formatTable(['from', 'to', 'minutes'], rows));
    const table = await new MatrixFileTravel(csv).reach(many, four, { maxMinutes: 12 });
    appendFileSync(csv, 'd0,s9,3\n');
    expect(() => table.restrictTo([0, 1, 1, 1])).toThrow(/changing\.csv: the matrix file changed \(or went\) since the reach table was built from it/);
  });
});

/** A local server speaking OSRM's table format: durations = straight-line km at 60 km/h, in seconds. */
describe('OSRM client', () => {
  let server: Server;
  let url = '';
  const seen: { sources: number; destinations: number; coordinates: number }[] = [];
  let failNext = 0;
  let maxCoordinates = 10;
  /** Requests whose first source lies north of this latitude fail (503), however often they are tried. */
  let failNorthOf = Infinity;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const parsed = new URL(request.url!, 'http://localhost');
      const match = /^\/table\/v1\/driving\/(.+)$/.exec(parsed.pathname);
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (parsed.pathname.startsWith('/slow/')) return; // never answers
      if (!match) return send(400, { code: 'InvalidUrl', message: 'URL string malformed' });
      if (failNext > 0) {
        failNext--;
        return send(503, { code: 'Busy' });
      }
      const coordinates = match[1].split(';').map((p) => p.split(',').map(Number));
      if (coordinates[0][1] > failNorthOf) return send(503, { code: 'Busy' });
      if (coordinates.length > maxCoordinates) return send(400, { code: 'TooBig', message: 'Too many table coordinates' });
      const sources = parsed.searchParams.get('sources')!.split(';').map(Number);
      const destinations = parsed.searchParams.get('destinations')!.split(';').map(Number);
      seen.push({ sources: sources.length, destinations: destinations.length, coordinates: coordinates.length });
      const durations = sources.map((s) =>
        destinations.map((d) => {
          const [a, b] = [coordinates[s], coordinates[d]];
          if (b[0] > 1.35) return null; // an unreachable island east of 1.35°
          return (greatCircleKm(a[0], a[1], b[0], b[1]) / 60) * 3600;
        }),
      );
      send(200, { code: 'Ok', durations });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const spread = createDemand(Array.from({ length: 23 }, (_, i) => ({ id: `d${i}`, lon: 1 + (i % 5) * 0.02, lat: 43 + Math.floor(i / 5) * 0.02, population: 1 })));
  const targets = createSites([
    ...Array.from({ length: 7 }, (_, j) => ({ id: `s${j}`, lon: 1.01 + j * 0.015, lat: 43.03 })),
    { id: 'island', lon: 1.4, lat: 43.03 },
  ]);

  it('batches requests under the table size and matches straight-line minutes', async () => {
    seen.length = 0;
    maxCoordinates = 10;
    const travel = osrm(url, { maxTableSize: 10 });
    const events: { done: number; total: number | null; finished?: boolean }[] = [];
    const reach = await travel.reach(spread, targets, { maxMinutes: 15, onProgress: (e) => events.push(e) });
    expect(seen.length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({ done: spread.size, total: spread.size, finished: true });
    expect(seen.every((r) => r.coordinates <= 10)).toBe(true);
    for (let i = 0; i < spread.size; i++) {
      for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) {
        const j = reach.site[k];
        expect(reach.minutes[k]).toBeCloseTo(greatCircleKm(spread.lon[i], spread.lat[i], targets.lon[j], targets.lat[j]), 3);
      }
    }
    expect(travel.lastReport?.noRoute).toBeGreaterThan(0);
    expect(travel.lastReport?.requests).toBe(seen.length);
  });

  it('retries a busy server and stops on a refusal with its message', async () => {
    failNext = 1;
    const travel = osrm(url, { maxTableSize: 10, retryDelayMs: 1 });
    await travel.reach(spread, targets, { maxMinutes: 15 });
    expect(travel.lastReport?.retried).toBe(1);
    maxCoordinates = 4;
    await expect(osrm(url, { maxTableSize: 10 }).reach(spread, targets, { maxMinutes: 15 })).rejects.toThrow(/refused the table request \(HTTP 400\): TooBig: Too many table coordinates/);
    maxCoordinates = 10;
    failNext = 5;
    await expect(osrm(url, { maxTableSize: 10, retries: 1, retryDelayMs: 1 }).reach(spread, targets, { maxMinutes: 15 })).rejects.toThrow(/did not answer after 2 tries: HTTP 503/);
    failNext = 0;
  });

  it('starts again after the last batch done, from a progress file, and gives the same table', async () => {
    const progress = join(dir, 'osrm-progress.jsonl');
    const whole = osrm(url, { maxTableSize: 10 });
    const expected = await whole.reach(spread, targets, { maxMinutes: 15 });
    // Batches of 5 demand points: d0–d4 and d5–d9 lie at 43 and 43.02°, the batches from d10 on north of 43.03°.
    failNorthOf = 43.03;
    const first = osrm(url, { maxTableSize: 10, retries: 1, retryDelayMs: 1, checkpoint: new OsrmFileCheckpoint(progress) });
    await expect(first.reach(spread, targets, { maxMinutes: 15 })).rejects.toThrow(/did not answer after 2 tries: HTTP 503/);
    expect(readFileSync(progress, 'utf8').trim().split('\n')).toHaveLength(1 + 2); // the run's key, two batches
    failNorthOf = Infinity;
    // A process killed while writing a batch leaves half a line: dropped, and its batch asked again.
    appendFileSync(progress, '{"start":10,"from":[10,');
    const { travel } = await travelFromSpecNode(`osrm:${url},resume=${progress}`, { osrm: { maxTableSize: 10 } });
    const resumed = await travel.reach(spread, targets, { maxMinutes: 15 });
    expectSameTable(resumed, expected);
    const report = (travel as typeof whole).lastReport!;
    expect(report.resumedBatches).toBe(2);
    expect(report.requests).toBeLessThan(whole.lastReport!.requests);
    expect({ ...report, requests: 0, resumedBatches: 0 }).toEqual({ ...whole.lastReport, requests: 0, resumedBatches: 0 });
    // All five batches are in the file now: a third run asks nothing.
    const again = osrm(url, { maxTableSize: 10, checkpoint: new OsrmFileCheckpoint(progress) });
    expectSameTable(await again.reach(spread, targets, { maxMinutes: 15 }), expected);
    expect(again.lastReport).toMatchObject({ requests: 0, resumedBatches: 5 });
    // Another cutoff is another run: its batches are not these.
    const other = await osrm(url, { maxTableSize: 10, checkpoint: new OsrmFileCheckpoint(progress) }).reach(spread, targets, { maxMinutes: 20 }).catch((x) => x);
    expect(other.code).toBe('INVALID_OPTION');
    expect(other.message).toContain(`${progress}, line 1: the OSRM progress file was written for another run`);
    expect(existsSync(progress)).toBe(true);
  });

  it('times out on a server that never answers', async () => {
    await expect(osrm(`${url}/slow`, { timeoutMs: 50, retries: 0 }).reach(spread, targets, { maxMinutes: 15 })).rejects.toThrow(/no answer within 50 ms/);
  });

  it('rejects a URL that is not http', () => {
    expect(error(() => osrm('localhost:5000')).code).toBe('INVALID_OPTION');
  });
});
