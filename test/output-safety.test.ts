import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commands, main } from '../src/cli/main.js';
import { outputOf } from '../src/cli/output-paths.js';
import { OutputFiles, writeFilesAtomically } from '../src/node/output-files.js';
import { CareshedError } from '../src/index.js';
import { careshedIn } from './cli-run.js';

const fixtures = resolve('fixtures/occitanie');
const cli = resolve('dist/cli.js');
const root = mkdtempSync(join(tmpdir(), 'careshed-output-safety-'));
/** The tmpfs mounted for the tests, unmounted before the folder is removed. */
const mounted: string[] = [];
afterAll(() => {
  for (const folder of mounted.reverse()) spawnSync('umount', [folder]);
  rmSync(root, { recursive: true, force: true });
});

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every entry under a folder with its size, inode and modification time: a write of any kind changes it. */
function tree(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const s = lstatSync(join(folder, name));
      return `${name} ${s.size} ${s.ino} ${s.mtimeMs}`;
    });
}

/** What careshed leaves while writing: hidden temporary and backup files. */
const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.includes('.careshed-'));

// ---------------------------------------------------------------------------------------------------------
// The inputs of every kind, real data, in one folder; every command's full command line reading all it can.

const inputs = join(root, 'inputs');
const INPUT_FILES: Record<string, string> = {
  'demand.csv': 'communes.csv',
  'supply.csv': 'centres.csv',
  'gps.csv': 'gp-communes.csv',
  'candidates.csv': 'gp-communes.csv',
  'population.csv': 'communes.csv',
  'territories.csv': 'departements.csv',
  'boundaries.geojson': 'boundaries.geojson',
  'around.csv': 'neighbour-communes.csv',
  'around-gps.csv': 'neighbour-gp-communes.csv',
};

/** Each command's options that read a file, with the file; `travel` gets a matrix and a road network in turn. */
const COMMAND_INPUTS: Record<string, Record<string, string>> = {
  coverage: { demand: 'demand.csv', supply: 'supply.csv', population: 'population.csv', territories: 'territories.csv' },
  matrix: { demand: 'demand.csv', supply: 'supply.csv', population: 'population.csv' },
  access: { demand: 'demand.csv', supply: 'supply.csv', population: 'population.csv', 'surroundings-demand': 'around.csv', 'surroundings-supply': 'around-gps.csv' },
  rank: { demand: 'demand.csv', supply: 'supply.csv', population: 'population.csv', territories: 'territories.csv', 'surroundings-demand': 'around.csv', 'surroundings-supply': 'around-gps.csv' },
  site: { demand: 'demand.csv', supply: 'supply.csv', candidates: 'candidates.csv', gps: 'gps.csv', population: 'population.csv' },
  report: { demand: 'demand.csv', supply: 'supply.csv', candidates: 'candidates.csv', gps: 'gps.csv', population: 'population.csv', boundaries: 'boundaries.geojson', territories: 'territories.csv', 'surroundings-demand': 'around.csv', 'surroundings-supply': 'around-gps.csv' },
};
/** What else each command needs to run (so that without the guard it would run and write). */
const COMMAND_REST: Record<string, string[]> = {
  coverage: ['--by', 'departement'],
  matrix: ['--max-minutes', '20'],
  access: ['--method', '2sfca'],
  rank: ['--by', 'departement'],
  site: ['--model', 'mclp', '--p', '2', '--solver', 'heuristic'],
  report: ['--model', 'mclp', '--p', '2', '--solver', 'heuristic', '--by', 'departement'],
};
const TRAVEL_FILES = { matrix: 'times.csv', network: 'roads.geojson' } as const;

beforeAll(() => {
  mkdirSync(join(inputs, 'sub'), { recursive: true });
  for (const [name, source] of Object.entries(INPUT_FILES)) copyFileSync(join(fixtures, source), join(inputs, name));
  // A matrix and a road network, small and real enough to be read.
  writeFileSync(join(inputs, 'times.csv'), 'from,to,minutes\n09001,msmr-09257,12.5\n09002,msmr-09257,30\n');
  const road = (coordinates: number[][]) => ({ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates } });
  writeFileSync(join(inputs, 'roads.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [road([[1.4, 43.0], [1.5, 43.1]]), road([[1.5, 43.1], [1.6, 43.2]])] }));
  const scenario = (name: string, extra: object) => JSON.stringify({ name, demand: 'demand.csv', supply: 'supply.csv', travel: 'matrix:times.csv', surroundings: false, ...extra });
  writeFileSync(join(inputs, 'baseline.json'), scenario('baseline', {}));
  writeFileSync(join(inputs, 'scenario.json'), scenario('one more', { add: [{ id: 'new-1', lon: 1.5, lat: 43.1 }] }));
});

/** The four spellings of a file: as it is, through `sub/..` (there and not there), a symbolic link, a hard link. */
function spellings(folder: string, name: string): [string, string][] {
  const link = join(folder, `link-${name}`);
  const hard = join(folder, `hard-${name}`);
  if (!existsSync(link)) symlinkSync(name, link);
  if (!existsSync(hard)) linkSync(join(folder, name), hard);
  return [
    ['the same path', join(folder, name)],
    ['sub/.. spelled', `${folder}/sub/../${name}`],
    ['missing/.. spelled', `${folder}/missing/../${name}`],
    ['a symbolic link', link],
    ['a hard link', hard],
  ];
}

/** Runs `careshed ARGS` in this process (the same code as dist/cli.js but bin.ts's glue): exit status and standard error. */
async function run(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const status = await main(args, { stdout: () => {}, warn: () => () => {}, progress: () => undefined });
    return { status, stderr };
  } finally {
    spy.mockRestore();
  }
}

/** Every option of a command that its help says takes a FILE or a DIR. */
function fileOptionsInHelp(command: string): string[] {
  return [...new Set([...commands[command].help.matchAll(/--([a-z][a-z-]*)[ =](?:FILE|DIR)\b/g)].map((m) => m[1]))];
}

describe('which options read and which write', () => {
  it('the help of every command names as FILE or DIR exactly the outputs the guard knows and the inputs this test covers', () => {
    for (const [command, { options }] of Object.entries(commands)) {
      const files = fileOptionsInHelp(command);
      const outputs = Object.keys(options).filter((name) => outputOf(command, name) !== undefined);
      // Every output option is one the help shows as a FILE or DIR, and is a text option.
      for (const name of outputs) {
        expect(files, `${command} --${name}`).toContain(name);
        expect(options[name as keyof typeof options]).toMatchObject({ type: 'string' });
      }
      // Every other FILE option is read: this test puts each one's file as the output (compare: its arguments,
      // demo: the embedded data, below).
      const read = files.filter((name) => !outputs.includes(name));
      if (command === 'compare' || command === 'demo') expect(read, command).toEqual([]);
      else expect(Object.keys(COMMAND_INPUTS[command]).sort(), command).toEqual(read.sort());
    }
  });
});

describe('an output that is an input is refused before anything is read (exit status 2), the input unchanged', () => {
  const cases: { command: string; kind: string; args: (spelled: string) => string[]; file: string }[] = [];
  for (const [command, given] of Object.entries(COMMAND_INPUTS)) {
    const travels = 'travel' in commands[command].options ? (Object.keys(TRAVEL_FILES) as (keyof typeof TRAVEL_FILES)[]) : [];
    const base = (travel?: keyof typeof TRAVEL_FILES) => [...Object.entries(given).flatMap(([flag, name]) => [`--${flag}`, join(inputs, name)]), ...(travel ? ['--travel', `${travel}:${join(inputs, TRAVEL_FILES[travel])}`] : []), ...COMMAND_REST[command]];
    for (const [flag, name] of Object.entries(given)) cases.push({ command, kind: `--${flag}`, file: name, args: (spelled) => [command, ...base(travels[0]), '--out', spelled] });
    for (const travel of travels) cases.push({ command, kind: `--travel ${travel}:FILE`, file: TRAVEL_FILES[travel], args: (spelled) => [command, ...base(travel), '--out', spelled] });
  }
  // compare: the two scenario files, and the files a scenario names (its demand, its sites, its matrix).
  for (const file of ['baseline.json', 'scenario.json', 'demand.csv', 'supply.csv', 'times.csv']) {
    cases.push({ command: 'compare', kind: file.endsWith('.json') ? 'a scenario file' : `a file the scenario names (${file})`, file, args: (spelled) => ['compare', join(inputs, 'baseline.json'), join(inputs, 'scenario.json'), '--out', spelled] });
  }
  // Outputs beside --out: coverage's --by-out and report's maps (a map file linked to the demand).
  cases.push({ command: 'coverage', kind: '--demand as --by-out', file: 'demand.csv', args: (spelled) => ['coverage', '--demand', join(inputs, 'demand.csv'), '--supply', join(inputs, 'supply.csv'), '--by', 'departement', '--out', join(root, 'by-out.json'), '--by-out', spelled] });

  it.each(cases)('$command, $kind', async ({ args, file }) => {
    const before = tree(inputs);
    const bytes = hash(join(inputs, file));
    for (const [how, spelled] of spellings(inputs, file)) {
      const { status, stderr } = await run(args(spelled));
      expect(status, `${how}: ${stderr}`).toBe(2);
      expect(stderr, how).toMatch(/\[OUTPUT_IS_INPUT\]\n$/);
      expect(stderr, how).not.toMatch(/\n\s+at /); // no stack trace
      expect(hash(join(inputs, file)), how).toBe(bytes);
      expect(tree(inputs).filter((e) => !/^(link|hard)-/.test(e)), how).toEqual(before.filter((e) => !/^(link|hard)-/.test(e)));
      expect(leftovers(inputs)).toEqual([]);
    }
  });

  it('report: a map file of --maps that is a link to an input', async () => {
    const maps = join(root, 'maps-linked');
    mkdirSync(maps, { recursive: true });
    symlinkSync(join(inputs, 'demand.csv'), join(maps, 'places-map.png'));
    const bytes = hash(join(inputs, 'demand.csv'));
    const { status, stderr } = await run(['report', '--demand', join(inputs, 'demand.csv'), '--supply', join(inputs, 'supply.csv'), '--out', join(root, 'r.html'), '--maps', maps]);
    expect(status).toBe(2);
    expect(stderr).toContain(`--maps (its file places-map.png) "${join(maps, 'places-map.png')}" is a symbolic link to --demand`);
    expect(hash(join(inputs, 'demand.csv'))).toBe(bytes);
    expect(existsSync(join(root, 'r.html'))).toBe(false);
  });

  it('two outputs that are one file are refused too', async () => {
    const out = join(root, 'same.csv');
    const { status, stderr } = await run(['coverage', '--demand', join(inputs, 'demand.csv'), '--supply', join(inputs, 'supply.csv'), '--by', 'departement', '--out', out, '--by-out', `${root}/x/../same.csv`]);
    expect(status).toBe(2);
    expect(stderr).toContain('[OUTPUT_CONFLICT]');
    expect(existsSync(out)).toBe(false);
  });

  it('the built command line does the same, with paths relative to its folder', () => {
    const bytes = hash(join(inputs, 'demand.csv'));
    // Each command once, and each spelling once: the in-process runs above cover every pair.
    const runs = [...Object.keys(COMMAND_INPUTS).map((command) => [command, 'demand.csv']), ...['./sub/../demand.csv', 'link-demand.csv', 'hard-demand.csv'].map((out) => ['coverage', out])];
    {
      for (const [command, out] of runs) {
        const run = careshedIn(inputs, [command, ...Object.entries(COMMAND_INPUTS[command]).flatMap(([flag, name]) => [`--${flag}`, name]), ...COMMAND_REST[command], '--out', out]);
        expect(run.status, `${command} --out ${out}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toMatch(/^careshed \w+: --out ".+" is .+ --demand "demand.csv": careshed never writes over its inputs; give the output another path \[OUTPUT_IS_INPUT\]\n$/);
      }
    }
    const compare = careshedIn(inputs, ['compare', 'baseline.json', 'scenario.json', '--out', 'link-times.csv']);
    expect(compare.status).toBe(2);
    expect(compare.stderr).toContain('is a symbolic link to "travel" in baseline.json');
    expect(hash(join(inputs, 'demand.csv'))).toBe(bytes);
  });

  it('demo: its folder may not hold a file of the embedded data (a copy of the package, so that nothing real is at stake)', () => {
    const pkg = join(root, 'package');
    cpSync(resolve('dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(fixtures, join(pkg, 'fixtures', 'occitanie'), { recursive: true });
    symlinkSync(resolve('node_modules'), join(pkg, 'node_modules'));
    writeFileSync(join(pkg, 'package.json'), readFileSync('package.json'));
    const data = join(pkg, 'fixtures', 'occitanie');
    const bytes = hash(join(data, 'communes.csv'));
    const demo = join(root, 'demo-out');
    mkdirSync(join(demo, 'sub'), { recursive: true });
    symlinkSync(join(data, 'communes.csv'), join(demo, 'summary.json'));
    linkSync(join(data, 'epci.csv'), join(demo, 'ranking-epci.csv'));
    writeFileSync(join(data, 'report.html'), 'not a report: a file of the data folder'); // the folder itself as --out
    for (const out of [demo, `${demo}/sub/..`, data]) {
      const run = spawnSync(process.execPath, [join(pkg, 'dist', 'cli.js'), 'demo', '--out', out], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/is (a symbolic link to|a hard link to|the same file as) the embedded data ".+": careshed never writes over its inputs.*\[OUTPUT_IS_INPUT\]\n$/);
    }
    expect(hash(join(data, 'communes.csv'))).toBe(bytes);
    expect(readFileSync(join(data, 'report.html'), 'utf8')).toBe('not a report: a file of the data folder');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Atomic writes: a killed run, a full disk, a folder that cannot be written.

const communes = join(fixtures, 'communes.csv');
const centres = join(fixtures, 'centres.csv');
const gps = join(fixtures, 'gp-communes.csv');

/** Spawns careshed and kills it (SIGKILL) as soon as one of its temporary files appears in `watched`. */
function killWhenTemporary(args: string[], watched: string[]): Promise<{ killedWith: string | null; temporary: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'ignore' });
    let temporary = '';
    const watchers = watched.map((folder) =>
      watch(folder, (_, name) => {
        if (temporary === '' && name && name.startsWith('.') && name.includes('.careshed-')) {
          temporary = name;
          child.kill('SIGKILL');
        }
      }),
    );
    child.on('error', fail);
    child.on('exit', (_, signal) => {
      for (const w of watchers) w.close();
      done({ killedWith: signal, temporary });
    });
  });
}

describe('a run killed while writing leaves the old outputs whole', () => {
  it('report and its maps: killed while its files are written, every old file is as it was; the next run cleans up', async () => {
    const folder = join(root, 'killed');
    const maps = join(folder, 'maps');
    mkdirSync(maps, { recursive: true });
    const old: Record<string, string> = { [join(folder, 'report.html')]: 'the old report' };
    for (const name of ['coverage-map.svg', 'coverage-map.png', 'access-map.svg', 'access-map.png', 'places-map.svg', 'places-map.png']) old[join(maps, name)] = `the old ${name}`;
    for (const [path, text] of Object.entries(old)) writeFileSync(path, text);
    const args = ['report', '--demand', communes, '--supply', centres, '--gps', gps, '--out', join(folder, 'report.html'), '--maps', maps, '--quiet'];
    const killed = await killWhenTemporary(args, [folder, maps]);
    expect(killed.killedWith).toBe('SIGKILL');
    expect(killed.temporary).toMatch(/^\.(report\.html|[a-z]+-map\.(svg|png))\.careshed-\d+-\d+\.tmp$/);
    // The maps are drawn between the report's temporary file and the renames: the kill lands before any rename.
    for (const [path, text] of Object.entries(old)) expect(readFileSync(path, 'utf8'), path).toBe(text);
    const visible = (f: string) => readdirSync(f).filter((n) => !n.startsWith('.'));
    expect(visible(folder).sort()).toEqual(['maps', 'report.html']);
    expect(visible(maps)).toHaveLength(6);
    expect([...leftovers(folder), ...leftovers(maps)].length).toBeGreaterThan(0); // hidden, and named for their target
    // The next run writes every file and removes what the killed one left.
    const again = careshedIn(root, args);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readFileSync(join(maps, 'coverage-map.png')).subarray(1, 4).toString()).toBe('PNG');
    expect([...leftovers(folder), ...leftovers(maps)]).toEqual([]);
  });

  it('coverage: killed as its temporary file appears, the output is the old file or the new one, whole', async () => {
    const folder = join(root, 'killed-one');
    mkdirSync(folder, { recursive: true });
    const out = join(folder, 'coverage.geojson');
    const args = ['coverage', '--demand', join(fixtures, 'boundaries.geojson'), '--population', communes, '--missing-population', 'zero', '--supply', centres, '--out', out, '--quiet'];
    const complete = careshedIn(root, args);
    expect(complete.status, complete.stderr).toBe(0);
    const fresh = readFileSync(out, 'utf8');
    writeFileSync(out, 'the old coverage');
    const killed = await killWhenTemporary(args, [folder]);
    expect(killed.temporary).not.toBe('');
    expect(['the old coverage', fresh]).toContain(readFileSync(out, 'utf8'));
    expect(readdirSync(folder).filter((n) => !n.startsWith('.'))).toEqual(['coverage.geojson']);
  });
});

/** A small tmpfs at `folder`, when this machine lets us mount one (root in a container that allows it). */
function mountTmpfs(folder: string, size: string): boolean {
  mkdirSync(folder, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]).status === 0;
}

describe('a full disk or a folder that cannot be written: a clean error, the old outputs intact, nothing partial', () => {
  const checkClean = (run: { status: number | null; stderr: string }, code = 'IO_ERROR') => {
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`\\[${code}\\]\\n$`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it('a file size limit (ulimit -f): EFBIG, the old file as it was, no temporary file left', () => {
    const folder = join(root, 'limited');
    mkdirSync(folder, { recursive: true });
    const out = join(folder, 'coverage.csv');
    writeFileSync(out, 'the old coverage');
    // 64 kB (bash counts in blocks of 1,024 bytes): the coverage CSV of 4,446 communes is larger.
    const run = spawnSync('bash', ['-c', `ulimit -f 64; exec "${process.execPath}" "${cli}" coverage --demand "${communes}" --supply "${centres}" --out "${out}"`], { encoding: 'utf8' });
    checkClean(run);
    expect(run.stderr).toContain(`careshed coverage: ${out}: cannot write the file: the file would be larger than this system allows (a file size limit) (EFBIG); nothing was written; a file already there is as it was [IO_ERROR]`);
    expect(readFileSync(out, 'utf8')).toBe('the old coverage');
    expect(readdirSync(folder)).toEqual(['coverage.csv']);
  });

  const full = join(root, 'full');
  const canMount = mountTmpfs(full, '64k');
  if (canMount) mounted.push(full);

  it.skipIf(!canMount)('a full disk (a 64 kB tmpfs): ENOSPC, the old file as it was, no temporary file left', () => {
    const out = join(full, 'coverage.csv');
    writeFileSync(out, 'the old coverage');
    const run = careshedIn(root, ['coverage', '--demand', communes, '--supply', centres, '--out', out]);
    checkClean(run);
    expect(run.stderr).toContain('the disk is full (ENOSPC)');
    expect(readFileSync(out, 'utf8')).toBe('the old coverage');
    expect(readdirSync(full)).toEqual(['coverage.csv']);
  });

  it.skipIf(!canMount)('report with its maps on a full disk: none is written, the old report elsewhere stays', () => {
    const folder = join(root, 'beside-full');
    mkdirSync(folder, { recursive: true });
    const out = join(folder, 'report.html');
    writeFileSync(out, 'the old report');
    const maps = join(full, 'maps');
    const run = careshedIn(root, ['report', '--demand', communes, '--supply', centres, '--out', out, '--maps', maps]);
    checkClean(run);
    expect(run.stderr).toContain('the disk is full (ENOSPC); none of the outputs was written');
    expect(readFileSync(out, 'utf8')).toBe('the old report');
    expect(readdirSync(folder)).toEqual(['report.html']);
    expect(existsSync(maps)).toBe(false); // the folder made for the set is removed with it
  });

  it('a path under a file, a folder given as a file: said before anything is read', () => {
    const folder = join(root, 'odd-paths');
    mkdirSync(join(folder, 'a-folder'), { recursive: true });
    writeFileSync(join(folder, 'a-file'), 'a file');
    const under = careshedIn(folder, ['coverage', '--demand', communes, '--supply', centres, '--out', 'a-file/coverage.csv']);
    checkClean(under);
    expect(under.stderr).toContain(`careshed coverage: a-file/coverage.csv: cannot write --out here: ${join(folder, 'a-file')} is a file, not a folder; nothing was read or written [IO_ERROR]`);
    const maps = careshedIn(folder, ['report', '--demand', communes, '--supply', centres, '--out', 'r.html', '--maps', 'a-file/maps']);
    checkClean(maps);
    expect(existsSync(join(folder, 'r.html'))).toBe(false);
    const dir = careshedIn(folder, ['site', '--demand', communes, '--candidates', gps, '--model', 'mclp', '--p', '1', '--out', 'a-folder']);
    checkClean(dir);
    expect(dir.stderr).toContain('cannot write --out here: it is a folder, not a file');
    expect(readdirSync(folder).sort()).toEqual(['a-file', 'a-folder']);
  });

  it('a read-only folder (a read-only tmpfs as root, else a folder without write permission)', () => {
    const folder = join(root, 'read-only');
    const asRoot = process.getuid?.() === 0;
    if (asRoot && !mountTmpfs(folder, '1m')) return; // root may write anywhere a mount does not forbid
    if (asRoot) mounted.push(folder);
    writeFileSync(join(folder, 'report.html'), 'the old report');
    if (asRoot) expect(spawnSync('mount', ['-o', 'remount,ro', folder]).status).toBe(0);
    else chmodSync(folder, 0o555);
    try {
      const run = careshedIn(root, ['report', '--demand', communes, '--supply', centres, '--out', join(folder, 'report.html'), '--maps', join(folder, 'maps')]);
      checkClean(run);
      expect(run.stderr).toMatch(/cannot write --(out|maps) here: the folder .+ cannot be written \((the file system is read-only|permission denied)\); nothing was read or written/);
      expect(readFileSync(join(folder, 'report.html'), 'utf8')).toBe('the old report');
    } finally {
      if (!asRoot) chmodSync(folder, 0o755);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// The writer itself.

describe('OutputFiles', () => {
  const folder = join(root, 'writer');
  beforeAll(() => mkdirSync(folder, { recursive: true }));

  it('writes nothing visible before commit, everything at commit; abandon leaves the old files', () => {
    writeFileSync(join(folder, 'a.txt'), 'old a');
    const files = new OutputFiles();
    files.write(join(folder, 'a.txt'), 'new a');
    files.write(join(folder, 'b.txt'), new Uint8Array([98]));
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('old a');
    expect(existsSync(join(folder, 'b.txt'))).toBe(false);
    expect(leftovers(folder)).toHaveLength(2);
    files.abandon();
    expect(readdirSync(folder)).toEqual(['a.txt']);
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('old a');
    writeFilesAtomically([{ path: join(folder, 'a.txt'), content: 'new a' }, { path: join(folder, 'b.txt'), content: 'b' }]);
    expect(readdirSync(folder).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('new a');
  });

  it('a rename that fails halfway puts the files already renamed back as they were', () => {
    const set = join(folder, 'set');
    mkdirSync(set);
    writeFileSync(join(set, 'first.txt'), 'old first');
    const files = new OutputFiles();
    files.write(join(set, 'first.txt'), 'new first');
    files.write(join(set, 'second.txt'), 'new second');
    files.write(join(set, 'third.txt'), 'new third');
    // Something else puts a folder, not empty, where the third file goes: its rename fails.
    mkdirSync(join(set, 'third.txt', 'inside'), { recursive: true });
    expect(() => files.commit()).toThrow(CareshedError);
    expect(readFileSync(join(set, 'first.txt'), 'utf8')).toBe('old first');
    expect(existsSync(join(set, 'second.txt'))).toBe(false);
    expect(readdirSync(set).sort()).toEqual(['first.txt', 'third.txt']);
  });

  it('keeps a file mode, writes through a symbolic link, removes the leftovers of dead runs only', () => {
    const target = join(folder, 'kept.txt');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    symlinkSync('kept.txt', join(folder, 'latest.txt'));
    const dead = join(folder, '.kept.txt.careshed-999999999-1.tmp'); // no process has this id
    const alive = join(folder, `.kept.txt.careshed-${process.ppid}-1.tmp`);
    writeFileSync(dead, 'left by a killed run');
    writeFileSync(alive, 'being written by a live run');
    writeFilesAtomically([{ path: join(folder, 'latest.txt'), content: 'new' }]);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(lstatSync(join(folder, 'latest.txt')).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    rmSync(alive);
  });

  it('a named pipe as --out is written to, never replaced by a file (a device likewise)', async () => {
    const folder = join(root, 'pipe');
    mkdirSync(folder, { recursive: true });
    const pipe = join(folder, 'coverage.csv');
    if (spawnSync('mkfifo', [pipe]).status !== 0) return; // no named pipes here
    const reference = join(folder, 'reference.csv');
    const args = ['coverage', '--demand', communes, '--supply', centres, '--quiet', '--out'];
    expect(careshedIn(root, [...args, reference]).status).toBe(0);
    // A reader of the pipe that copies what comes into a file (not through this process, which waits below).
    const reader = spawn('sh', ['-c', 'cat "$0" > "$1"', pipe, join(folder, 'read.csv')], { stdio: 'ignore' });
    const read = new Promise((done) => reader.on('exit', done));
    const run = careshedIn(root, [...args, pipe]);
    expect(run.status, run.stderr).toBe(0);
    await read;
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(readFileSync(join(folder, 'read.csv'), 'utf8')).toBe(readFileSync(reference, 'utf8'));
    expect(leftovers(folder)).toEqual([]);
  });

  it('refuses a read-only file even where the folder could take a rename', () => {
    if (process.getuid?.() === 0) return; // root writes read-only files: nothing to see
    const target = join(folder, 'locked.txt');
    writeFileSync(target, 'locked');
    chmodSync(target, 0o444);
    expect(() => writeFilesAtomically([{ path: target, content: 'new' }])).toThrow(/permission denied/);
    expect(readFileSync(target, 'utf8')).toBe('locked');
  });
});

// ---------------------------------------------------------------------------------------------------------
// SECURITY.md's other promises that no other test states.

describe('no network unless an osrm: URL is given; the report loads nothing from outside', () => {
  it('only the OSRM client touches the network', () => {
    const network = /\bfetch\s*\(|node:(http|https|http2|net|tls|dgram|dns)\b|XMLHttpRequest|WebSocket|EventSource|sendBeacon/;
    const found = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => network.test(readFileSync(join('src', name), 'utf8')));
    expect(found).toEqual([join('travel', 'osrm.ts')]);
  });

  it('the report page names no outside resource to load (scripts, styles, images, frames, fonts)', () => {
    const folder = join(root, 'page');
    const run = careshedIn(root, ['report', '--demand', communes, '--supply', centres, '--gps', gps, '--out', join(folder, 'report.html'), '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(join(folder, 'report.html'), 'utf8');
    expect(html).not.toMatch(/\b(src|href|srcset|poster|action|data)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<(iframe|embed|object|link)\b/i);
  });
});
