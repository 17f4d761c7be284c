import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

/**
 * The hostile-input suite: generated CSV, GeoJSON and OSM bytes and generated command lines, each run through the
 * command line in this process. For every case: exit 0 with output that holds every record it was given, or exit 1
 * (bad input) or 2 (bad usage) with a short message naming the file and the row or the option; never a stack trace;
 * the inputs byte for byte as they were; no output file left by a failed run.
 */

const dir = mkdtempSync(join(tmpdir(), 'careshed-fuzz-'));
let caseNumber = 0;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function careshedInProcess(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const status = await main(argv, {
      stdout: (text) => out.push(text),
      warn: () => (line) => err.push(`${line}\n`),
      progress: () => undefined,
    });
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    spy.mockRestore();
  }
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs a command on input files, checks the promises every run keeps, and returns the run and the output path. */
async function runChecked(inputs: string[], argv: (out: string) => string[], outName = 'out.csv'): Promise<Run & { out: string }> {
  const folder = join(dir, `case-${++caseNumber}`);
  const out = join(folder, outName);
  const before = inputs.map(digest);
  const run = await careshedInProcess(argv(out));
  const shown = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
  const where = `careshed ${argv(out)
    .map((a) => shown(a))
    .join(' ')}\n${shown(run.stderr, 2_000)}`;
  expect([0, 1, 2], where).toContain(run.status);
  expect(run.stderr, where).not.toMatch(/\n\s+at .+[:(]\d+:\d+\)?/); // a stack trace
  expect(run.stderr, where).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/);
  expect(inputs.map(digest), `${where}: an input changed`).toEqual(before);
  if (run.status !== 0) {
    const message = run.stderr.trim().split('\n').at(-1)!;
    expect(message.length, where).toBeLessThan(1_500); // a readable prefix of any value, never the whole
    expect(existsSync(folder) ? readdirSync(folder) : [], `${where}: a failed run left output`).toEqual([]);
  }
  return { ...run, out };
}

const supply = 'fixtures/occitanie/centres.csv';

// ---------------------------------------------------------------- CSV

/** Text a careless export or a hostile user may put in a cell. */
const hostileText = fc.constantFrom(
  '',
  ' ',
  '=1+1',
  '+33 5 61',
  '-2',
  '@SUM(A1)',
  '\t',
  '__proto__',
  'constructor',
  'toString',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'Montréal-de-l’Aude',
  '\u0000',
  '\uFEFF',
  'x'.repeat(5_000),
);
const hostileNumber = fc.constantFrom('0x10', '0b11', '0o7', '1e308', '-1e308', 'NaN', 'Infinity', '-0', ' 1.5', '1,5', '１', '1.2.3', '5e-324', '');

const lonText = fc.oneof(fc.double({ min: 0.5, max: 4.5, noNaN: true }).map((v) => v.toFixed(4)), hostileNumber);
const latText = fc.oneof(fc.double({ min: 42.5, max: 44.9, noNaN: true }).map((v) => v.toFixed(4)), hostileNumber);
const populationText = fc.oneof(fc.integer({ min: 0, max: 100_000 }).map(String), hostileNumber, fc.constantFrom('-1', '1.5', 'abc'));
const idText = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/) }, { weight: 1, arbitrary: hostileText });

const header = fc
  .tuple(
    fc.subarray(['id', 'lon', 'lat', 'population'], { minLength: 3 }),
    fc.subarray(['name', '__proto__', 'toString', 'constructor', '=cmd()', '', 'id'], { maxLength: 2 }),
  )
  .chain(([base, extra]) => fc.shuffledSubarray([...base, ...extra], { minLength: base.length + extra.length, maxLength: base.length + extra.length }));

function cellFor(column: string): fc.Arbitrary<string> {
  if (column === 'id') return idText;
  if (column === 'lon') return lonText;
  if (column === 'lat') return latText;
  if (column === 'population') return populationText;
  return fc.oneof(fc.stringMatching(/^[A-Za-z ]{0,10}$/), hostileText);
}

const csvQuote = (cell: string) => (/[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell);

const demandCsv = header.chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.tuple(...columns.map(cellFor)), { minLength: 1, maxLength: 8 }),
    newline: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    encoding: fc.constantFrom('utf8', 'latin1') as fc.Arbitrary<BufferEncoding>,
    blankLine: fc.boolean(),
  }),
);

describe('hostile CSV demand', () => {
  it('is read whole and right, or refused naming the file and the line', async () => {
    await fc.assert(
      fc.asyncProperty(demandCsv, async ({ columns, rows, newline, bom, encoding, blankLine }) => {
        const lines = [columns.map(csvQuote).join(','), ...rows.map((row) => row.map(csvQuote).join(','))];
        if (blankLine) lines.splice(1 + Math.floor(lines.length / 2), 0, '');
        const text = `${bom ? '\uFEFF' : ''}${lines.join(newline)}${newline}`;
        const path = join(dir, `demand-${++caseNumber}.csv`);
        writeFileSync(path, Buffer.from(text, encoding));
        const run = await runChecked([path, supply], (out) => ['coverage', '--demand', path, '--supply', supply, '--out', out]);
        if (run.status === 0) {
          // Every record given is in the output, in order, with its population.
          const written = Papa.parse<Record<string, string>>(readFileSync(run.out, 'utf8'), { header: true, skipEmptyLines: true }).data;
          expect(written, run.stderr).toHaveLength(rows.length);
          const k = columns.indexOf('population');
          if (k >= 0) expect(written.map((r) => Number(r.population) + 0), run.stderr).toEqual(rows.map((row) => Number(row[k]) + 0));
        } else {
          expect(run.stderr).toContain(path);
        }
      }),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------- GeoJSON

const position = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.double({ min: 0.5, max: 4.5, noNaN: true }), fc.double({ min: 42.5, max: 44.9, noNaN: true })).map(([x, y]) => [x, y] as unknown) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], [1], ['1', '43'], [null, 43], [1e308, 43], [43.6, 1.4], 'x', null, [1, 43, 100, 5]) },
);
const ring = fc.array(position, { minLength: 0, maxLength: 5 }).chain((ps) => fc.constantFrom(ps, [...ps, ps[0]]));
const geometry = fc.oneof(
  { weight: 4, arbitrary: position.map((coordinates) => ({ type: 'Point', coordinates }) as unknown) },
  { weight: 2, arbitrary: fc.array(ring, { minLength: 0, maxLength: 2 }).map((coordinates) => ({ type: 'Polygon', coordinates }) as unknown) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, {}, { type: 'LineString', coordinates: [[1, 43], [1.1, 43]] }, { type: 'GeometryCollection', geometries: [] }, { type: 'Point' }) },
);
const properties = fc.record(
  {
    id: fc.oneof(idText.map((v) => v as unknown), fc.constantFrom<unknown>(7, null, true, {})),
    population: fc.oneof(fc.integer({ min: 0, max: 50_000 }).map((v) => v as unknown), fc.constantFrom<unknown>('12', -3, null, 1e308, 'abc', [])),
    ['__proto__']: fc.constantFrom<unknown>('x', { polluted: true }),
    toString: fc.constantFrom<unknown>('x', 1),
  },
  { requiredKeys: ['id', 'population'] },
);
const feature = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('Feature'), geometry, properties: fc.oneof(properties.map((p) => p as unknown), fc.constant<unknown>(null)) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'feature', { type: 'Feature' }, { type: 'Point', coordinates: [1, 43] }) },
);

describe('hostile GeoJSON demand', () => {
  it('is read whole, or refused naming the file and the feature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(feature, { minLength: 1, maxLength: 6 }), fc.boolean(), async (features, bom) => {
        // JSON.stringify drops a key called __proto__ given as an own property only through defineProperty: keep it.
        const text = `${bom ? '\uFEFF' : ''}${JSON.stringify({ type: 'FeatureCollection', features })}`;
        const path = join(dir, `demand-${++caseNumber}.geojson`);
        writeFileSync(path, text);
        const run = await runChecked([path, supply], (out) => ['coverage', '--demand', path, '--supply', supply, '--out', out]);
        if (run.status === 0) {
          const written = Papa.parse<Record<string, string>>(readFileSync(run.out, 'utf8'), { header: true, skipEmptyLines: true }).data;
          expect(written, run.stderr).toHaveLength(features.length);
        } else {
          expect(run.stderr).toContain(path);
        }
      }),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------- OSM

/** A small road network around two villages: a square of streets and a spur, all drivable. */
function osmXml(drop: Set<number>, corrupt: Map<number, string>): string {
  const nodes = [
    [1, 1.5, 43.5],
    [2, 1.51, 43.5],
    [3, 1.51, 43.51],
    [4, 1.5, 43.51],
    [5, 1.52, 43.52],
  ];
  const nodeXml = nodes
    .filter(([id]) => !drop.has(id))
    .map(([id, lon, lat]) => `  <node id="${id}" lat="${corrupt.get(id) ?? lat}" lon="${lon}"/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
${nodeXml}
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="3"/><nd ref="5"/><tag k="highway" v="tertiary"/><tag k="maxspeed" v="${corrupt.get(99) ?? '50'}"/></way>
</osm>
`;
}

describe('hostile OSM roads', () => {
  it('build a network or are refused naming the file; missing nodes never pass in silence', async () => {
    const demand = join(dir, 'osm-demand.csv');
    const sites = join(dir, 'osm-sites.csv');
    writeFileSync(demand, 'id,lon,lat,population\na,1.5,43.5,100\nb,1.52,43.52,50\n');
    writeFileSync(sites, 'id,lon,lat\ns,1.51,43.51\n');
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([1, 2, 3, 4, 5], { maxLength: 2 }),
        fc.array(fc.tuple(fc.constantFrom(1, 2, 3, 99), fc.constantFrom('abc', '', '1e308', 'none', '-5', '0x10')), { maxLength: 2 }),
        fc.option(fc.nat(600)),
        async (dropped, corruptions, truncateAt) => {
          let text = osmXml(new Set(dropped), new Map(corruptions));
          if (truncateAt !== null) text = text.slice(0, truncateAt);
          const path = join(dir, `roads-${++caseNumber}.osm`);
          writeFileSync(path, text);
          const run = await runChecked([demand, sites, path], (out) => ['coverage', '--demand', demand, '--supply', sites, '--travel', `network:${path}`, '--out', out]);
          if (run.status === 0 && dropped.length > 0 && truncateAt === null) expect(run.stderr, 'a way with a missing node passed in silence').toMatch(/missing|absent|not in the file/i);
          if (run.status !== 0) expect(run.stderr).toContain(path);
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------- command lines

const optionValues = fc.constantFrom(
  '15',
  '0',
  '-5',
  '1.5',
  '0x10',
  '0b11',
  '1e3',
  'Infinity',
  'NaN',
  '',
  'toString',
  '__proto__',
  'crow:toString',
  'crow:0x3c:1.3',
  'crow:45:1.5',
  'binary:0x1e',
  'gravity:1.5',
  'epci',
  'departement',
  'constructor',
  'x'.repeat(3_000),
);
const optionNames = fc.constantFrom('--minutes', '--p', '--top', '--travel', '--decay', '--by', '--method', '--model', '--solver', '--name-field', '--population-field', '--id-field', '--bounds', '--frobnicate', '-x');
const commandNames = fc.constantFrom('coverage', 'access', 'rank', 'site', 'frobnicate', 'help');

describe('hostile command lines', () => {
  it('run, or are refused as bad usage naming the option, before any file is written', async () => {
    const demand = 'fixtures/occitanie/centres.csv'; // small: 8 points, read as demand with no population column
    const small = join(dir, 'small-demand.csv');
    writeFileSync(small, 'id,lon,lat,population\na,1.44,43.6,100\nb,2.35,43.21,50\nc,3.87,43.61,70\n');
    await fc.assert(
      fc.asyncProperty(commandNames, fc.array(fc.tuple(optionNames, optionValues), { maxLength: 3 }), async (command, options) => {
        const extra = options.flat();
        const run = await runChecked([small, demand], (out) =>
          command === 'help' ? ['help', ...extra.slice(0, 1)] : [command, '--demand', small, '--supply', demand, ...(command === 'site' ? ['--candidates', small] : []), ...extra, '--out', out],
        );
        if (run.status === 2) expect(run.stderr).toMatch(/--|command|careshed/);
      }),
      { numRuns: 150 },
    );
  });
});
