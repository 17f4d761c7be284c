import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.js';
import * as node from '../src/node/index.js';
import { accessibility, apl, binaryDecay, capacityCoverage, CareshedError, coverage, createDemand, createSites, crowFly, gini, osrm, palma, pearson, rankTerritories, site, sitingProblem, spearman } from '../src/index.js';

// The library validates what it is given: every exported function and class, called with arguments of the
// wrong kind, answers with a CareshedError that has a code, never a TypeError from deep inside. The exports are
// enumerated at run time, so that a new export is covered without a word here.

/** Exports that need no check, and why. Everything else is walked. */
const NO_CHECK: Readonly<Record<string, string>> = {
  CareshedError: 'the error type itself: its constructor takes any problem text',
  greatCircleKm: 'plain arithmetic on four numbers in the hot loops: NaN in gives NaN out, as Math does',
  runDemo: 'writes a whole demo into the folder it is given (minutes of work); its folder argument is checked in the test below',
};

/** Arguments that are a documented valid call for a function (it returns without a throw), and why. */
const ALL = ['none', 'undefined', 'null', 'empty object', 'text', 'NaN', 'number', 'array', 'function'];
const VALID: Readonly<Record<string, { labels: readonly string[]; why: string }>> = {
  crowFly: { labels: ['none', 'undefined', 'empty object'], why: 'every option has a default: the fitted 45 km/h × 1.5' },
  CrowFly: { labels: ['none', 'undefined', 'empty object'], why: 'every option has a default' },
  carProfile: { labels: ['none', 'undefined', 'empty object'], why: 'every override is optional: the OSRM-like car profile' },
  loadOccitanie: { labels: ALL, why: 'the embedded data: the function takes no argument' },
  occitanieFolder: { labels: ALL, why: 'the embedded data: the function takes no argument' },
  reportScript: { labels: ALL, why: 'the report page script: the function takes no argument' },
  RoadGraphBuilder: { labels: ['none', 'undefined', 'number'], why: 'an empty builder; the expected sizes are optional hints' },
  WayNetworkBuilder: { labels: ['none', 'undefined'], why: 'the car profile by default' },
  OsmXmlRoads: { labels: ['none', 'undefined', 'empty object'], why: 'a streaming reader; options default' },
  MaxFlow: { labels: ['number'], why: 'a flow network of 3 nodes' },
  seededRandom: { labels: ['number'], why: 'seed 3' },
  checkMaxMinutes: { labels: ['number'], why: 'a cutoff of 3 minutes' },
  OsrmFileCheckpoint: { labels: ['text'], why: 'the path of the progress file, created on the first batch done' },
  dreesActivity: { labels: ['number'], why: '3 consultations a year' },
  float32Text: { labels: ['number'], why: '3 minutes as text' },
  binaryDecay: { labels: ['number'], why: 'a 3-minute catchment' },
  linearDecay: { labels: ['number'], why: 'a 3-minute linear decay' },
  exponentialDecay: { labels: ['number'], why: 'rate 3, no cutoff' },
  gaussianDecay: { labels: ['number'], why: 'width 3, no cutoff' },
  gravityDecay: { labels: ['number'], why: 'exponent 3, no cutoff' },
  travelBandClasses: { labels: ['array'], why: 'no demand point: no class' },
  checkSwapped: { labels: ['array'], why: 'no set of points: nothing can be swapped' },
  parseOneway: { labels: ['empty object'], why: 'a way without a oneway tag: both directions (undefined)' },
  carAllowed: { labels: ['empty object'], why: 'a way without access tags is open to cars' },
  rankingTable: { labels: ['array'], why: 'no territory: a table with its header only' },
  embeddedTerritoryNames: { labels: ['empty object'], why: 'a scenario without occitanie:communes has no embedded names (undefined)' },
  locateRecord: { labels: ['text'], why: 'the locator reads its file when first asked for an id' },
  MatrixFileTravel: { labels: ['text'], why: 'the matrix file is read by reach(), where a missing file is an IO_ERROR' },
  ValueSpread: { labels: ALL, why: 'an empty accumulator of matrix values: the constructor takes no argument' },
  suspectUnit: { labels: ['none', 'undefined'], why: 'no values read: no unit to suspect (undefined)' },
  matrixScale: { labels: ['empty object'], why: 'no unit given: minutes, a scale of 1' },
  parseMaxspeed: { labels: ['text'], why: 'an OSM maxspeed value it cannot read gives null: the class speed is used' },
  parseTable: { labels: ['text'], why: 'one word is a one-column table with a header and no row' },
};

const BAD: readonly [string, unknown[]][] = [
  ['none', []],
  ['undefined', [undefined]],
  ['null', [null]],
  ['empty object', [{}]],
  // Not a file in the working folder: a reader given it must say "no such file", not read something.
  ['text', ['no-such-careshed-input']],
  ['NaN', [NaN]],
  ['number', [3]],
  ['array', [[]]],
  ['function', [() => 1]],
];

const isClass = (f: unknown) => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

/** What calling `f` with `args` did: "ok", "CareshedError CODE", or the other error's name and message. */
async function outcome(f: (...args: unknown[]) => unknown, args: unknown[]): Promise<string> {
  try {
    const result = isClass(f) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args);
    if (result instanceof Promise) await result;
    return 'ok';
  } catch (error) {
    if (error instanceof CareshedError) return typeof error.code === 'string' && (error.code as string) !== '' ? `CareshedError ${error.code}` : 'CareshedError without a code';
    return `${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 120)}`;
  }
}

describe('every export checks its arguments', () => {
  const exports = { ...browser, ...node } as Record<string, unknown>;
  const functions = Object.entries(exports).filter(([, v]) => typeof v === 'function');

  it('finds the exports (the walk is not empty)', () => {
    expect(functions.length).toBeGreaterThan(100);
    for (const name of Object.keys(NO_CHECK)) expect(exports[name], name).toBeTypeOf('function');
  });

  it.each(functions.filter(([name]) => !Object.hasOwn(NO_CHECK, name)).map(([name]) => name))('%s refuses bad arguments with a CareshedError and a code', async (name) => {
    const f = exports[name] as (...args: unknown[]) => unknown;
    const valid = VALID[name]?.labels ?? [];
    const wrong: string[] = [];
    for (const [label, args] of BAD) {
      const result = await outcome(f, args);
      if (valid.includes(label)) continue;
      if (!result.startsWith('CareshedError ') || result === 'CareshedError without a code') wrong.push(`${label} → ${result}`);
    }
    expect(wrong, `${name}(...)`).toEqual([]);
  });
});

describe('options are checked by name and by value', () => {
  const demand = createDemand([
    { id: 'a', lon: 1.44, lat: 43.6, population: 100 },
    { id: 'b', lon: 1.5, lat: 43.62, population: 50 },
  ]);
  const sites = createSites([{ id: 's', lon: 1.45, lat: 43.6, capacity: 2 }]);
  const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(demand, sites, { maxMinutes: 30 });

  it.each([
    ['coverage', () => coverage(reach, demand, { maxMinute: 15 } as never), 'coverage: unknown option "maxMinute"; options takes targetMinutes, studyCount'],
    ['coverage', () => coverage(reach, demand, { targetMinute: 15 } as never), '(did you mean targetMinutes?)'],
    ['accessibility', () => accessibility(reach, demand, sites, { method: 'foo' } as never), 'accessibility: argument options.method must be one of 2sfca, e2sfca, gravity, 3sfca, bfca (the APL is apl()); got the text "foo"'],
    ['accessibility', () => accessibility(reach, demand, sites, { method: 'e2sfca', decay: 'gravity:1:30' } as never), 'argument options.decay must be a decay'],
    ['accessibility', () => accessibility(reach, demand, sites, { method: '2sfca', decays: [] } as never), 'unknown option "decays" (did you mean decay?)'],
    ['apl', () => apl(reach, demand, sites, { activityPerGP: 5000 } as never), 'apl: unknown option "activityPerGP" (did you mean activityPerGp?)'],
    ['capacityCoverage', () => capacityCoverage(reach, demand, sites, { patientsPerGp: 1000 } as never), 'capacityCoverage: unknown option "patientsPerGp" (did you mean patientsPerUnit?)'],
    ['sitingProblem', () => sitingProblem(reach, demand, sites, { existng: ['s'] } as never), 'unknown option "existng" (did you mean existing?)'],
    ['crowFly', () => crowFly({ speed: 45 } as never), 'crowFly: unknown option "speed" (did you mean speedKmh?)'],
    ['crowFly', () => crowFly({ speedKmh: '45' } as never), 'speedKmh'],
    ['osrm', () => osrm('http://localhost:5000', { timeout: 5 } as never), 'unknown option "timeout" (did you mean timeoutMs?)'],
    ['rankTerritories', () => rankTerritories(demand, { coverage: coverage(reach, demand) }, { bye: 'x' } as never), 'unknown option "bye" (did you mean by?)'],
    ['binaryDecay', () => binaryDecay('30' as never), 'the cutoff of a decay must be a number of minutes'],
  ])('%s: %s', (_, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CareshedError);
    expect((thrown as CareshedError).message).toContain(message);
  });

  it('site refuses an unknown model and an unknown option before any work', async () => {
    const problem = sitingProblem(reach, demand, sites);
    await expect(site(problem, { model: 'mlcp', p: 1 } as never)).rejects.toThrow(/site: argument options.model must be one of mclp, lscp, pmedian, pcenter, cmclp; got the text "mlcp"/);
    await expect(site(problem, { model: 'mclp', p: 1, targetMinute: 15 } as never)).rejects.toThrow(/unknown option "targetMinute" \(did you mean targetMinutes\?\)/);
  });

  it('correlations pair values by index: unequal lengths are refused, not a correlation of 1', () => {
    // The first two values of b agree perfectly with a: a silent truncation would say ρ = 1.
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(/spearman: argument b must be an array of numbers as long as a \(3\); got an array of 2/);
    expect(() => pearson([1, 2, 3], [1, 2, 3, 4])).toThrow(/as long as a \(3\)/);
    expect(spearman([1, 2, 3], [10, 20, 30])).toBe(1);
  });

  it('inequality: a NaN value is "no access" (0), a NaN or negative weight is refused', () => {
    // By hand: values 0 and 1, one person each: Σ_i Σ_j |x_i − x_j| = 2, over 2 × 2² people² × mean 0.5 = 4: Gini 0.5.
    expect(gini([NaN, 1], [1, 1])).toBeCloseTo(gini([0, 1], [1, 1])!, 15);
    expect(gini([0, 1], [1, 1])).toBeCloseTo(0.5, 15);
    expect(() => gini([1, 2], [1, NaN])).toThrow(/gini: argument weights\[1\] must be a number, 0 or more; got NaN/);
    expect(() => gini([1, 2], [1, -1])).toThrow(/weights\[1\]/);
    expect(() => gini([1, 2], [1])).toThrow(/as long as values \(2\)/);
    expect(() => palma([1, Infinity], [1, 1])).toThrow(/palma: argument values\[1\] must be a finite number or NaN/);
    expect(() => gini([1, 2], [1, 1], [0, 5])).toThrow(/members must be an array of indices from 0 to 1/);
  });

  it('runDemo refuses a folder that is not a text, without writing anything', async () => {
    for (const bad of [undefined, null, 3, {}]) await expect(node.runDemo(bad as never)).rejects.toBeInstanceOf(CareshedError);
  });
});
