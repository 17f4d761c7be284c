import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { accessibility, apl, capacityCoverage, COMPARISON_DEFINITIONS, ReachTableBuilder, createDemand, createSites, crowFly, gravityDecay, greatCircleKm, parseTable, withSurroundings } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { parseScenario } from '../src/scenario/spec.js';
import { evaluate } from '../src/scenario/evaluate.js';
import { compareEvaluations } from '../src/scenario/compare.js';
import { runScenario } from '../src/node/scenario-run.js';
import { error } from './expect-error.js';
import { careshed } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'careshed-scenario-'));
const { communes, centres } = loadOccitanie();

function scenarioFile(name: string, body: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
}
/** Population within `target` minutes (straight line × 1.5 at 45 km/h: 2 minutes a km) of one of `sites`, by brute force. */
function bruteCovered(sites: { lon: number; lat: number }[], target: number, member: (i: number) => boolean = () => true): number {
  let total = 0;
  for (let i = 0; i < communes.size; i++) {
    if (!member(i)) continue;
    const m = Math.min(...sites.map((s) => 2 * greatCircleKm(communes.lon[i], communes.lat[i], s.lon, s.lat)));
    if (m <= target) total += communes.population[i];
  }
  return total;
}
const centreList = Array.from(centres.ids, (id, j) => ({ id, lon: centres.lon[j], lat: centres.lat[j] }));

describe('scenario files', () => {
  it('read with defaults, and every bad field refused by name', () => {
    const s = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres"}', 'plan.json');
    expect(s).toMatchObject({ name: 'plan.json', targetMinutes: 15, travel: 'crow', access: { method: 'apl' }, add: [], close: [], patientsPerUnit: 1000 });
    const bad: [string, RegExp][] = [
      ['{', /plan\.json: not valid JSON/],
      ['[]', /a scenario is a JSON object/],
      ['{"supply":"a.csv"}', /field "demand", value \(missing\): expected a non-empty text/],
      ['{"demand":"a","supply":"b","targetMinute":20}', /field "targetMinute", value 20: unknown field/],
      ['{"demand":"a","supply":"b","targetMinutes":-5}', /field "targetMinutes", value -5: expected a number >= 0/],
      ['{"demand":"a","supply":"b","targetMinutes":"15"}', /field "targetMinutes", value "15": expected a number/],
      ['{"demand":"a","supply":"b","add":[{"id":"x","lon":2}]}', /field "add\[0\]\.lat", value \(missing\)/],
      ['{"demand":"a","supply":"b","add":[{"id":"x","lon":200,"lat":43}]}', /field "add\[0\]\.lon", value 200: expected a longitude/],
      ['{"demand":"a","supply":"b","add":[{"id":"x","lon":2,"lat":43,"gps":3}]}', /field "add\[0\]\.gps", value 3: unknown field/],
      ['{"demand":"a","supply":"b","add":[{"id":"x","lon":2,"lat":43,"capacity":-1}]}', /field "add\[0\]\.capacity", value -1/],
      ['{"demand":"a","supply":"b","add":{"id":"x"}}', /field "add", value \{"id":"x"\}: expected a file name or a list/],
      ['{"demand":"a","supply":"b","close":[31555]}', /field "close\[0\]", value 31555: expected a site id \(text, in quotes/],
      ['{"demand":"a","supply":"b","access":{"method":"apl2"}}', /field "access\.method", value "apl2": expected one of apl, 2sfca/],
      ['{"demand":"a","supply":"b","access":{"method":"e2sfca"}}', /field "access\.decay", value \(missing\)/],
      ['{"demand":"a","supply":"b","site":{"model":"mclp","candidates":"c.csv"}}', /field "site\.p", value \(missing\): expected the number of sites to open/],
      ['{"demand":"a","supply":"b","site":{"model":"mclp","p":2.5,"candidates":"c.csv"}}', /field "site\.p", value 2\.5: expected a whole number >= 1/],
      ['{"demand":"a","supply":"b","site":{"model":"lscp","p":2,"candidates":"c.csv"}}', /field "site\.model", value "lscp": expected one of mclp, cmclp, pmedian, pcenter/],
    ];
    for (const [text, message] of bad) {
      const e = error(() => parseScenario(text, 'plan.json'));
      expect(e.code).toBe('INVALID_SCENARIO');
      expect(e.message).toMatch(message);
    }
  });

  it('refuses to close an unknown site, to add an id already open, and unknown embedded data', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres"}', 'plan.json');
    await expect(runScenario({ ...base, close: ['msmr-00000'] })).rejects.toThrow(/plan\.json, field "close\[0\]", value "msmr-00000": no existing site has this id/);
    await expect(runScenario({ ...base, add: [{ id: centres.ids[0], lon: 1, lat: 43 }] })).rejects.toThrow(/plan\.json, field "add\[0\]\.id", value "msmr-09257": this site id is already open/);
    await expect(runScenario({ ...base, supply: 'occitanie:hospitals' })).rejects.toThrow(/field "supply", value "occitanie:hospitals": unknown embedded data/);
    await expect(runScenario({ ...base, access: { method: 'e2sfca', decay: 'gravity:1|2:30' } })).rejects.toThrow(/one decay, not a list/);
  });

  it('checks every set of points for swapped longitude and latitude, naming the scenario file and field', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres"}', join(dir, 'plan.json'));
    const added = await runScenario({ ...base, name: 'x', add: [{ id: 'n1', lon: 43.1, lat: 1.2 }] }).catch((e) => e);
    expect(added.code).toBe('SWAPPED_COORDINATES');
    expect(added.location).toMatchObject({ source: join(dir, 'plan.json'), id: 'n1', field: 'add[0].lon', value: 43.1 });
    expect(added.message).toContain(`the 1 added site of ${join(dir, 'plan.json')} lies away from the 4,446 demand points of occitanie:communes`);
    expect(added.message).toContain('swap the two values of add[0]');
    const moved = await runScenario({ ...base, move: [{ id: 'msmr-09257', lon: 43.11444, lat: 1.17838 }] }).catch((e) => e);
    expect(moved.location).toMatchObject({ id: 'msmr-09257', field: 'move[0].lon', value: 43.11444 });
    // A file of the scenario with one row typed the other way round: its line.
    const rows = readFileSync('fixtures/occitanie/centres.csv', 'utf8').trimEnd().split('\n');
    const cells = rows[3].split(',');
    [cells[4], cells[5]] = [cells[5], cells[4]];
    rows[3] = cells.join(',');
    writeFileSync(join(dir, 'centres-one-swapped.csv'), rows.join('\n') + '\n');
    const supply = await runScenario({ ...base, supply: 'centres-one-swapped.csv' }, dir).catch((e) => e);
    expect(supply.code).toBe('SWAPPED_COORDINATES');
    expect(supply.location).toMatchObject({ source: resolve(dir, 'centres-one-swapped.csv'), line: 4, id: cells[0], field: 'lon' });
    // Candidates of a siting written lat,lon throughout.
    writeFileSync(join(dir, 'candidates-swapped.csv'), `id,lon,lat\n${centreList.map((c) => `c-${c.id},${c.lat},${c.lon}`).join('\n')}\n`);
    const candidates = await runScenario({ ...base, site: { model: 'mclp', p: 1, candidates: 'candidates-swapped.csv', solver: 'heuristic', timeLimit: 10, capacity: 1 } }, dir).catch((e) => e);
    expect(candidates.location).toMatchObject({ source: resolve(dir, 'candidates-swapped.csv'), line: 2 });
    // The command line says it too, exit 1, before any figure.
    const path = scenarioFile('swapped-add.json', { name: 'x', demand: 'occitanie:communes', supply: 'occitanie:centres', add: [{ id: 'n1', lon: 43.1, lat: 1.2 }] });
    const run = careshed('compare', path, path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`careshed compare: ${path}, id "n1", field "add[0].lon", value 43.1: the 1 added site of ${path} lies away`);
    expect(run.stdout).toBe('');
  });

  it('holds every point to the scenario\'s bounds when it has them, instead of checking the sets against each other', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres","bounds":[-0.5,42.2,5,45.2]}', 'plan.json');
    expect(base.bounds).toEqual([-0.5, 42.2, 5, 45.2]);
    const outside = await runScenario({ ...base, add: [{ id: 'paris', lon: 2.35, lat: 48.86 }] }).catch((e) => e);
    expect(outside.code).toBe('OUT_OF_BOUNDS');
    expect(outside.location).toMatchObject({ source: 'plan.json', id: 'paris', field: 'add[0].lon' });
    const swapped = await runScenario({ ...base, add: [{ id: 'n1', lon: 43.6, lat: 1.44 }] }).catch((e) => e);
    expect(swapped.code).toBe('SWAPPED_COORDINATES');
    expect(swapped.message).toContain('(1.44, 43.6) is inside');
    for (const bad of ['[1,2,3]', '[5,42,-1,45]', '"occitanie"']) {
      expect(error(() => parseScenario(`{"demand":"a","supply":"b","bounds":${bad}}`, 'plan.json')).message).toContain('field "bounds"');
    }
  });

  it('reads a scenario file that starts with a byte-order mark, and names an empty one', () => {
    expect(parseScenario('\uFEFF{"demand":"occitanie:communes","supply":"occitanie:centres"}', 'bom.json').demand).toBe('occitanie:communes');
    const empty = error(() => parseScenario('', 'empty.json'));
    expect(empty.code).toBe('EMPTY_INPUT');
    expect(empty.message).toBe('empty.json: the file is empty; expected a scenario: a JSON object {"demand": ..., "supply": ...}');
  });

  it('closing a centre and adding one are what a brute force counts, by département', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres","by":"departement"}', 'base');
    const added = { id: 'new-montpellier', lon: 3.8767, lat: 43.6108 };
    const before = await runScenario(base);
    const after = await runScenario({ ...base, name: 'plan', close: ['msmr-09257'], add: [added] });
    const kept = centreList.filter((c) => c.id !== 'msmr-09257');
    const change = compareEvaluations(communes, before.evaluation, after.evaluation, { by: 'departement' });
    expect(change.summary.coveredBefore).toBe(bruteCovered(centreList, 15));
    expect(change.summary.coveredAfter).toBe(bruteCovered([...kept, added], 15));
    const dep = communes.attribute('departement');
    for (const t of change.territories) {
      expect(t.coveredAfter - t.coveredBefore).toBe(t.newlyCovered - t.newlyUncovered);
      expect(t.coveredAfter).toBe(bruteCovered([...kept, added], 15, (i) => dep[i] === t.key));
    }
    // Ariège loses its only named centre's catchment; Hérault gains Montpellier.
    expect(change.territories.find((t) => t.key === '09')!.newlyUncovered).toBeGreaterThan(0);
    expect(change.territories.find((t) => t.key === '34')!.newlyCovered).toBeGreaterThan(200_000);
    expect(change.summary.newlyCovered - change.summary.newlyUncovered).toBe(change.summary.coveredAfter - change.summary.coveredBefore);
    expect(after.added).toEqual(['new-montpellier']);
    expect(after.closed).toEqual(['msmr-09257']);
  });

  it('moving a centre is closing it and opening it elsewhere, with the same id', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres"}', 'base');
    const to = { lon: 1.3528, lat: 44.0176 }; // Montauban
    const moved = await runScenario({ ...base, move: [{ id: 'msmr-46297', ...to }] });
    expect(moved.moved).toEqual(['msmr-46297']);
    const j = moved.sites.indexOf('msmr-46297');
    expect([moved.sites.lon[j], moved.sites.lat[j]]).toEqual([to.lon, to.lat]);
    const expected = [...centreList.filter((c) => c.id !== 'msmr-46297'), { id: 'x', ...to }];
    expect(moved.evaluation.coverage.summary.coveredPopulation).toBe(bruteCovered(expected, 15));
    await expect(runScenario({ ...base, move: [{ id: 'nowhere', ...to }] })).rejects.toThrow(/field "move\[0\]\.id", value "nowhere": no existing site has this id/);
    await expect(runScenario({ ...base, close: ['msmr-46297'], move: [{ id: 'msmr-46297', ...to }] })).rejects.toThrow(/this site is also closed/);
    const e = error(() => parseScenario('{"demand":"a","supply":"b","move":[{"id":"x","lon":1,"lat":95}]}', 'plan.json'));
    expect(e.message).toMatch(/field "move\[0\]\.lat", value 95: expected a latitude/);
  });

  it('the embedded communes bring their surroundings: neighbours compete for the GPs, and the GPs across the border count', async () => {
    const base = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:gp-communes","travel":"crow:45:1.5","by":"departement"}', 'gps');
    const run = await runScenario(base);
    const { gpCommunes, surroundings } = loadOccitanie();
    expect(run.area.demand.size).toBe(communes.size + surroundings.communes.size);
    expect(run.area.sites.size).toBe(gpCommunes.size + surroundings.gpCommunes.size);
    expect(run.sites.size).toBe(gpCommunes.size);
    const area = withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes });
    const expected = evaluate(crowFly({ speedKmh: 45, detour: 1.5 }).reach(area.demand, area.sites, { maxMinutes: 20 }), area.demand, area.sites, { study: communes, rankBy: 'departement' });
    expect(Array.from(run.evaluation.access.value)).toEqual(Array.from(expected.access.value));
    expect(run.evaluation.capacity.summary).toEqual(expected.capacity.summary);
    expect(run.evaluation.ranking).toHaveLength(13);
    // The centres have no kind across the border: only the neighbours' people come in, to compete for them.
    const centresRun = await runScenario(parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres"}', 'centres'));
    expect(centresRun.area.sites.size).toBe(centres.size);
    expect(centresRun.area.demand.size).toBe(communes.size + surroundings.communes.size);
    const none = await runScenario({ ...base, surroundings: false });
    expect(none.area.demand).toBe(none.demand);
    expect(none.evaluation.coverage.summary.coveredPopulation).toBeLessThanOrEqual(run.evaluation.coverage.summary.coveredPopulation);
    const files = await runScenario({ ...base, demand: resolve('fixtures/occitanie/communes.csv'), supply: resolve('fixtures/occitanie/gp-communes.csv'), surroundings: { demand: 'occitanie:neighbour-communes', supply: resolve('fixtures/occitanie/neighbour-gp-communes.csv') } });
    expect(Array.from(files.evaluation.access.value)).toEqual(Array.from(run.evaluation.access.value));
    expect(error(() => parseScenario('{"demand":"a","supply":"b","surroundings":{"people":"x.csv"}}', 'plan.json')).message).toMatch(/field "surroundings\.people", value "x\.csv": unknown field/);
    expect(error(() => parseScenario('{"demand":"a","supply":"b","surroundings":true}', 'plan.json')).message).toMatch(/field "surroundings", value true: expected \{demand, supply\}/);
  });

  it('a larger target never covers fewer people, and adding a site never lowers coverage (property)', () => {
    const place = fc.record({ lon: fc.double({ min: 1, max: 2, noNaN: true }), lat: fc.double({ min: 43, max: 44, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(place, fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 40 }), fc.array(place, { minLength: 1, maxLength: 8 }), place, fc.double({ min: 1, max: 40, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), (d, s, extra, target, more) => {
        fc.pre(d.some(([, population]) => population > 0)); // with nobody at all, accessibility is undefined (an error, tested below)
        const demand = createDemand(d.map(([p, population], i) => ({ id: `d${i}`, ...p, population })));
        const sites = createSites(s.map((p, j) => ({ id: `s${j}`, ...p })));
        const bigger = createSites([...s, extra].map((p, j) => ({ id: `s${j}`, ...p })));
        const travel = crowFly();
        const run = (set: typeof sites, t: number) => evaluate(travel.reach(demand, set, { maxMinutes: 60 }), demand, set, { targetMinutes: t });
        const base = run(sites, target);
        expect(run(sites, target + more).coverage.summary.coveredPopulation).toBeGreaterThanOrEqual(base.coverage.summary.coveredPopulation);
        const added = run(bigger, target);
        expect(added.coverage.summary.coveredPopulation).toBeGreaterThanOrEqual(base.coverage.summary.coveredPopulation);
        const change = compareEvaluations(demand, base, added);
        expect(change.summary.newlyUncovered).toBe(0);
      }),
      { numRuns: 60 },
    );
    const nobody = createDemand([{ id: 'a', lon: 1.5, lat: 43.5, population: 0 }]);
    const one = createSites([{ id: 's', lon: 1.5, lat: 43.5 }]);
    expect(() => evaluate(crowFly().reach(nobody, one, { maxMinutes: 30 }), nobody, one)).toThrow(/the demand is 0 everywhere: accessibility per inhabitant is undefined/);
  });
});

describe('compareEvaluations compares like with like', () => {
  // Three demand points; in the scenario point b reaches no site (say, its road is cut) and c's nearest is farther.
  const demand = createDemand([
    { id: 'a', lon: 1, lat: 43, population: 100 },
    { id: 'b', lon: 1, lat: 43, population: 200 },
    { id: 'c', lon: 1, lat: 43, population: 300 },
  ]);
  const sites = createSites([
    { id: 's0', lon: 1, lat: 43 },
    { id: 's1', lon: 1, lat: 43 },
  ]);
  function table(rows: ([number, number] | null)[]) {
    const builder = new ReachTableBuilder(3, 2, 30);
    for (const row of rows) {
      if (row && row[1] <= 30) builder.add(row[0], row[1]);
      builder.endRow(row ? { site: row[0], minutes: row[1] } : undefined);
    }
    return builder.finish();
  }
  const before = evaluate(table([[0, 5], [1, 10], [1, 40]]), demand, sites);
  const after = evaluate(table([[0, 5], null, [0, 50]]), demand, sites);

  it('takes minutes before and after over the people who reach a site in both runs, the unreachable apart', () => {
    const { summary, definitions } = compareEvaluations(demand, before, after);
    // a (100 at 5 → 5) and c (300 at 40 → 50) reach a site in both; b (200) only before.
    expect(summary.minutesPopulation).toBe(400);
    expect(summary.meanMinutesBefore).toBe((100 * 5 + 300 * 40) / 400);
    expect(summary.meanMinutesAfter).toBe((100 * 5 + 300 * 50) / 400);
    // Half of 400 is reached at c's minutes; so are 90 % and the worst.
    expect([summary.medianMinutesBefore, summary.p90MinutesBefore, summary.worstMinutesBefore]).toEqual([40, 40, 40]);
    expect([summary.medianMinutesAfter, summary.p90MinutesAfter, summary.worstMinutesAfter]).toEqual([50, 50, 50]);
    expect([summary.unreachableBefore, summary.unreachableAfter, summary.unreachableCountBefore, summary.unreachableCountAfter]).toEqual([0, 200, 0, 1]);
    expect([summary.coveredBefore, summary.coveredAfter, summary.newlyCovered, summary.newlyUncovered]).toEqual([300, 100, 0, 200]);
    expect(summary.population).toBe(600);
    // Each run's own mean is over its own reachable people: 2 of the 3 points before, not comparable as such.
    expect(before.coverage.summary.meanMinutes).toBe((100 * 5 + 200 * 10 + 300 * 40) / 600);
    expect(Object.keys(definitions).sort()).toEqual(Object.keys(COMPARISON_DEFINITIONS).sort());
    for (const figure of ['population', 'covered', 'minutesPopulation', 'meanMinutes', 'medianMinutes', 'p90Minutes', 'worstMinutes', 'unreachable', 'meanAccess', 'assigned']) expect(definitions[figure], figure).toMatch(/\w+ \w+ \w+/);
  });

  it('takes accessibility over everybody, no site within reach counting 0, and refuses another population', () => {
    const { summary } = compareEvaluations(demand, before, after);
    const mean = (run: typeof before) => Array.from(run.access.value).reduce((t, v, i) => t + (Number.isNaN(v) ? 0 : v) * demand.population[i], 0) / 600;
    expect(summary.meanAccessBefore).toBe(mean(before));
    expect(summary.meanAccessAfter).toBe(mean(after));
    expect([summary.noAccessBefore, summary.noAccessAfter]).toEqual([300, 500]);
    const heavier = createDemand([...['a', 'b'].map((id) => ({ id, lon: 1, lat: 43, population: 100 })), { id: 'c', lon: 1, lat: 43, population: 300 }]);
    const other = evaluate(table([[0, 5], [1, 10], [1, 40]]), heavier, sites);
    expect(() => compareEvaluations(demand, before, other)).toThrow(/the scenario counts a population of 500, this demand 600: compare runs on the same population/);
  });
});

describe('opening a site (on restricted tables, which are fresh builds)', () => {
  it('never lowers anyone\'s E2SFCA or APL, leaves the other sites\' ratios as they were, and never lowers capacity-aware coverage', () => {
    const place = fc.record({ lon: fc.double({ min: 1, max: 2, noNaN: true }), lat: fc.double({ min: 43, max: 44, noNaN: true }) });
    const travel = crowFly({ speedKmh: 45, detour: 1.5 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(place, fc.integer({ min: 1, max: 6 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 5, max: 30 }),
        (d, s, pick, target) => {
          fc.pre(d.some(([, population]) => population > 0));
          const demand = createDemand(d.map(([p, population], i) => ({ id: `d${i}`, ...p, population })));
          const sites = createSites(s.map(([p, capacity], j) => ({ id: `s${j}`, ...p, capacity })));
          const reach = travel.reach(demand, sites, { maxMinutes: 30 });
          const k = pick % s.length;
          const without = reach.restrictTo(s.map(([, , open], j) => j !== k && open));
          const withK = reach.restrictTo(s.map(([, , open], j) => j === k || open));
          const zero = (x: number) => (Number.isNaN(x) ? 0 : x);
          const runs = [
            (table: typeof reach) => accessibility(table, demand, sites, { method: 'e2sfca', decay: gravityDecay(1.5, 30) }),
            (table: typeof reach) => accessibility(table, demand, sites, { method: '2sfca' }),
            (table: typeof reach) => apl(table, demand, sites),
          ];
          for (const run of runs) {
            const [before, after] = [run(without), run(withK)];
            for (let i = 0; i < demand.size; i++) expect(zero(after.value[i])).toBeGreaterThanOrEqual(zero(before.value[i]));
            for (let j = 0; j < sites.size; j++) if (j !== k) expect(after.ratio[j]).toBe(before.ratio[j]);
          }
          const assigned = (table: typeof reach) => capacityCoverage(table, demand, sites, { targetMinutes: target, patientsPerUnit: 1000 }).summary.assignedPopulation;
          expect(assigned(withK)).toBeGreaterThanOrEqual(assigned(without));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('careshed compare', () => {
  const examples = resolve('examples/scenarios');
  it('reports the ten sited centres against the baseline, by département, with the names', () => {
    const run = careshed('compare', join(examples, 'baseline.json'), join(examples, 'ten-centres.json'));
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.baseline.coveredPopulation).toBe(bruteCovered(centreList, 15));
    expect(out.scenario.added).toHaveLength(10);
    const added = out.scenario.added.map((id: string) => communes.indexOf(id)).map((i: number) => ({ lon: communes.lon[i], lat: communes.lat[i] }));
    expect(out.summary.coveredAfter).toBe(bruteCovered([...centreList, ...added], 15));
    expect(out.territories).toHaveLength(13);
    expect(out.territories.find((t: { key: string }) => t.key === '34').name).toBe('Hérault');
    expect(out.summary.newlyUncovered).toBe(0);
    // Sites only added, straight lines: the same people reach a site before and after, and no figure worsens.
    expect(out.summary.minutesPopulation).toBe(communes.totalPopulation);
    expect([out.summary.unreachableBefore, out.summary.unreachableAfter]).toEqual([0, 0]);
    for (const figure of ['mean', 'median', 'p90', 'worst']) expect(out.summary[`${figure}MinutesAfter`], figure).toBeLessThanOrEqual(out.summary[`${figure}MinutesBefore`]);
    // Brute force: the mean minutes to the nearest of the 8 centres over everybody.
    const mean = (list: { lon: number; lat: number }[]) => Array.from(communes.ids, (_, i) => communes.population[i] * Math.min(...list.map((c) => 2 * greatCircleKm(communes.lon[i], communes.lat[i], c.lon, c.lat)))).reduce((a, b) => a + b, 0) / communes.totalPopulation;
    expect(out.summary.meanMinutesBefore).toBeCloseTo(mean(centreList), 3);
    expect(out.summary.meanMinutesAfter).toBeCloseTo(mean([...centreList, ...added]), 3);
    expect(out.definitions.minutesPopulation).toMatch(/reach a site in both runs/);
  });

  it('the 20-minute target as CSV: one row per territory, never fewer covered', () => {
    const csv = join(dir, 'target.csv');
    const run = careshed('compare', join(examples, 'baseline.json'), join(examples, 'target-20.json'), '--out', csv);
    expect(run.status, run.stderr).toBe(0);
    const table = parseTable(readFileSync(csv, 'utf8'), csv);
    expect(table.rows).toHaveLength(13);
    for (const row of table.rows) expect(Number(row.covered_after)).toBeGreaterThanOrEqual(Number(row.covered_before));
    const total = table.rows.reduce((t, r) => t + Number(r.covered_after), 0);
    expect(total).toBe(bruteCovered(centreList, 20));
    // The same sites: minutes do not change, over the same people in every territory.
    for (const row of table.rows) {
      expect(row.minutes_population).toBe(row.population);
      for (const figure of ['mean', 'median', 'p90', 'worst']) expect(row[`${figure}_minutes_after`]).toBe(row[`${figure}_minutes_before`]);
      expect([row.unreachable_before, row.unreachable_after]).toEqual(['0', '0']);
    }
    // With --out, the summary in words on standard error, each figure with its definition.
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/\npopulation 6,124,653: everyone in the demand/);
    const int = (x: number) => x.toLocaleString('en-GB');
    expect(run.stderr).toContain(`covered (15 → 20 min): ${int(bruteCovered(centreList, 15))} → ${int(bruteCovered(centreList, 20))}`);
    expect(run.stderr).toMatch(/minutes over 6,124,653 people: people who can reach a site in both runs/);
    expect(run.stderr).toMatch(/\n {2}worst (\d+\.\d) min → \1 min: the longest minutes/);
    expect(careshed('compare', join(examples, 'baseline.json'), join(examples, 'target-20.json'), '--out', csv, '--quiet').stderr).toBe('');
  });

  it('exit 2 on bad usage, 1 on a bad scenario, naming file and field', () => {
    expect(careshed('compare', join(examples, 'baseline.json')).status).toBe(2);
    expect(careshed('compare', join(examples, 'baseline.json')).stderr).toMatch(/expected two scenario files/);
    expect(careshed('compare', 'a.json', 'b.json', '--nope').status).toBe(2);
    const bad = scenarioFile('bad.json', { demand: 'occitanie:communes', supply: 'occitanie:centres', targetMinutes: 'soon' });
    const run = careshed('compare', join(examples, 'baseline.json'), bad);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.json, field "targetMinutes", value "soon": expected a number >= 0 \[INVALID_SCENARIO\]/);
    const missing = careshed('compare', join(examples, 'baseline.json'), join(dir, 'nowhere.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nowhere\.json/);
    const other = scenarioFile('other.json', { demand: resolve('fixtures/occitanie/communes.csv'), supply: 'occitanie:centres' });
    writeFileSync(join(dir, 'small-demand.csv'), 'id,lon,lat,population\na,1.4,43.6,10\n');
    const different = scenarioFile('different.json', { demand: 'small-demand.csv', supply: 'occitanie:centres' });
    expect(careshed('compare', other, different).stderr).toMatch(/different demand points \(4446 and 1\)/);
    writeFileSync(join(dir, 'heavier.csv'), readFileSync('fixtures/occitanie/communes.csv', 'utf8').replace('\n09001,Aigues-Juntes,09,200067940,1.48507,43.04652,59,', '\n09001,Aigues-Juntes,09,200067940,1.48507,43.04652,60,'));
    const heavier = scenarioFile('heavier.json', { demand: 'heavier.csv', supply: 'occitanie:centres' });
    const weighed = careshed('compare', other, heavier);
    expect(weighed.status).toBe(1);
    expect(weighed.stderr).toMatch(/heavier\.json, field "demand": the two runs weigh demand point "09001" differently \(population 59 and 60\); compare runs on the same population \[INVALID_SCENARIO\]/);
  });
});
