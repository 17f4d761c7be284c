import { CareshedError, nearestName } from '../model/errors.js';
import { parseDecay } from '../access/decay.js';
import { travelFromSpec } from '../travel/spec.js';
import type { Bounds } from '../model/validate.js';
import { parseJsonText } from '../io/json.js';
import { kindOf } from '../model/arguments.js';

/** Where a scenario takes points from: a file path (relative to the scenario file) or `occitanie:NAME`. */
export type PointSource = string;

/** A site given in a scenario. */
export interface ScenarioSite {
  id: string;
  lon: number;
  lat: number;
  capacity?: number;
}

/** A run described in JSON: what `careshed compare` reads. See the README for an example. */
export interface Scenario {
  name: string;
  /** The file the scenario was read from (parseScenario's `source`): named in errors, with the field. */
  source?: string;
  /** Demand points: CSV or GeoJSON, or occitanie:communes. */
  demand: PointSource;
  /** Existing sites: CSV or GeoJSON, or occitanie:gp-communes / occitanie:centres. */
  supply: PointSource;
  /** Sites opened in this scenario: records or a file. */
  add: ScenarioSite[] | PointSource;
  /** Ids of existing sites closed in this scenario. */
  close: string[];
  /** Existing sites moved elsewhere (same id and capacity, new position). */
  move: { id: string; lon: number; lat: number }[];
  targetMinutes: number;
  /** crow[:SPEED:DETOUR], network:FILE, matrix:FILE, osrm:URL (default crow). */
  travel: string;
  /** apl (default) or a floating-catchment method with its decay (`gravity:1.5:30`, ...). */
  access: { method: 'apl' } | { method: '2sfca' | 'e2sfca' | 'gravity' | '3sfca' | 'bfca'; decay: string };
  /** Demand attribute the comparison and ranking group by (default: each demand point). */
  by?: string;
  /** Places per unit of site capacity (default 1,000 patients per GP). */
  patientsPerUnit: number;
  /**
   * Demand and sites around the study area that share its care (`withSurroundings`): files, or
   * occitanie:neighbour-communes and occitanie:neighbour-gp-communes. Left out, the embedded data bring
   * theirs: the neighbour communes around occitanie:communes, their GP communes beside occitanie:gp-communes.
   * `false`: none.
   */
  surroundings?: { demand?: PointSource; supply?: PointSource } | false;
  /**
   * The study area [west, south, east, north] in degrees: every point outside it is refused. Without it the
   * points are checked for swapped longitude and latitude against each other (`checkSwapped`); with it, against it only.
   */
  bounds?: Bounds;
  /** Optional siting: open `p` more sites from the candidates with a model, after `add` and `close`. */
  site?: { model: 'mclp' | 'cmclp' | 'pmedian' | 'pcenter'; p: number; candidates: PointSource; solver: 'heuristic' | 'exact' | 'auto'; timeLimit: number; capacity: number };
}

const METHODS = ['apl', '2sfca', 'e2sfca', 'gravity', '3sfca', 'bfca'] as const;
const MODELS = ['mclp', 'cmclp', 'pmedian', 'pcenter'] as const;
const SOLVERS = ['heuristic', 'exact', 'auto'] as const;
const KNOWN = new Set(['name', 'demand', 'supply', 'add', 'close', 'move', 'targetMinutes', 'travel', 'access', 'by', 'patientsPerUnit', 'surroundings', 'bounds', 'site']);

/**
 * Reads and checks a scenario's JSON text: every field's type and range, unknown fields refused (a typo
 * must not be silently ignored), the error naming the file and the field.
 *
 * @example
 * parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres","add":[{"id":"new","lon":2.35,"lat":43.2}]}', 'plan.json');
 */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  if (typeof source !== 'string') throw new CareshedError('INVALID_ARGUMENT', `parseScenario: argument source must be the file's name (text); got ${kindOf(source)}`, { field: 'source' });
  if (typeof text !== 'string') throw new CareshedError('INVALID_ARGUMENT', `parseScenario: argument text must be the JSON text of a scenario; got ${kindOf(text)}`, { source, field: 'text' });
  const fail = (problem: string, ...at: [field?: string, value?: unknown]): never => {
    throw new CareshedError('INVALID_SCENARIO', problem, at.length === 0 ? { source } : at.length === 1 ? { source, field: at[0] } : { source, field: at[0], value: at[1] });
  };
  const raw = parseJsonText(text, source, 'INVALID_SCENARIO', 'a scenario: a JSON object {"demand": ..., "supply": ...}');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('a scenario is a JSON object');
  const o = raw as Record<string, unknown>;
  const text_ = (field: string, value: unknown, fallback?: string): string => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '') return fail('expected a non-empty text', field, value);
    return value;
  };
  const number_ = (field: string, value: unknown, fallback: number, min: number, whole = false): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (whole && !Number.isInteger(value))) return fail(`expected a ${whole ? 'whole ' : ''}number >= ${min}`, field, value);
    return value;
  };
  const choice = <T extends string>(field: string, value: unknown, options: readonly T[], fallback?: T): T => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !options.includes(value as T)) return fail(`expected one of ${options.join(', ')}`, field, value);
    return value as T;
  };
  /** A typo in a field name must not be ignored: refused with the fields there are and the nearest. */
  const unknownFields = (record: Record<string, unknown>, at: string, known: readonly string[]) => {
    for (const key of Object.keys(record)) {
      if (known.includes(key)) continue;
      const near = key.length <= 60 ? nearestName(key, known) : undefined;
      fail(`unknown field; ${at === '' ? 'a scenario has' : `${at} has`} ${known.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`, at === '' ? key : `${at}.${key}`, record[key]);
    }
  };
  unknownFields(o, '', [...KNOWN]);
  const scenario: Scenario = {
    name: text_('name', o.name, source),
    source,
    demand: text_('demand', o.demand),
    supply: text_('supply', o.supply),
    add: [],
    close: [],
    move: [],
    targetMinutes: number_('targetMinutes', o.targetMinutes, 15, 0),
    travel: text_('travel', o.travel, 'crow'),
    access: { method: 'apl' },
    patientsPerUnit: number_('patientsPerUnit', o.patientsPerUnit, 1000, 0),
  };
  {
    // The travel spec read now as far as it can be without files, so that its error names this file and field.
    const kind = scenario.travel.split(':', 1)[0];
    if (!['crow', 'osrm', 'network', 'matrix'].includes(kind)) fail('expected crow, crow:SPEED_KMH[:DETOUR], a crow preset, network:FILE, matrix:FILE or osrm:URL', 'travel', scenario.travel);
    if (kind === 'crow' || kind === 'osrm') {
      try {
        travelFromSpec(scenario.travel);
      } catch (error) {
        if (error instanceof CareshedError) fail(error.problem, 'travel', scenario.travel);
        throw error;
      }
    }
  }
  if (o.by !== undefined) scenario.by = text_('by', o.by);
  if (typeof o.add === 'string') scenario.add = text_('add', o.add);
  else if (o.add !== undefined) {
    if (!Array.isArray(o.add)) fail('expected a file name or a list of sites {id, lon, lat, capacity}', 'add', o.add);
    scenario.add = (o.add as unknown[]).map((site, k) => {
      const at = `add[${k}]`;
      if (typeof site !== 'object' || site === null) return fail('expected a site {id, lon, lat, capacity}', at, site);
      const s = site as Record<string, unknown>;
      for (const key of Object.keys(s)) if (!['id', 'lon', 'lat', 'capacity'].includes(key)) fail('unknown field; a site has id, lon, lat, capacity', `${at}.${key}`, s[key]);
      const lon = number_(`${at}.lon`, s.lon, NaN, -180);
      const lat = number_(`${at}.lat`, s.lat, NaN, -90);
      if (!(lon <= 180)) fail('expected a longitude in [-180, 180]', `${at}.lon`, s.lon);
      if (!(lat <= 90)) fail('expected a latitude in [-90, 90]', `${at}.lat`, s.lat);
      const record: ScenarioSite = { id: text_(`${at}.id`, s.id), lon, lat };
      if (s.capacity !== undefined) record.capacity = number_(`${at}.capacity`, s.capacity, 0, 0);
      return record;
    });
  }
  if (o.move !== undefined) {
    if (!Array.isArray(o.move)) fail('expected a list of {id, lon, lat}', 'move', o.move);
    scenario.move = (o.move as unknown[]).map((site, k) => {
      const at = `move[${k}]`;
      if (typeof site !== 'object' || site === null) return fail('expected {id, lon, lat}', at, site);
      const s = site as Record<string, unknown>;
      for (const key of Object.keys(s)) if (!['id', 'lon', 'lat'].includes(key)) fail('unknown field; a move has id, lon, lat', `${at}.${key}`, s[key]);
      const lon = number_(`${at}.lon`, s.lon, NaN, -180);
      const lat = number_(`${at}.lat`, s.lat, NaN, -90);
      if (!(lon <= 180)) fail('expected a longitude in [-180, 180]', `${at}.lon`, s.lon);
      if (!(lat <= 90)) fail('expected a latitude in [-90, 90]', `${at}.lat`, s.lat);
      return { id: text_(`${at}.id`, s.id), lon, lat };
    });
  }
  if (o.close !== undefined) {
    if (!Array.isArray(o.close)) fail('expected a list of site ids (text)', 'close', o.close);
    scenario.close = (o.close as unknown[]).map((id, k) => (typeof id === 'string' ? id : fail('expected a site id (text, in quotes: "09257", not 9257)', `close[${k}]`, id)));
  }
  if (o.access !== undefined) {
    if (typeof o.access !== 'object' || o.access === null || Array.isArray(o.access)) fail('expected {method, decay}', 'access', o.access);
    const a = o.access as Record<string, unknown>;
    unknownFields(a, 'access', ['method', 'decay']);
    const method = choice('access.method', a.method, METHODS);
    if (method === 'apl') {
      if (a.decay !== undefined) fail('the APL has its own decay (DREES); give a decay with 2sfca, e2sfca, gravity, 3sfca or bfca', 'access.decay', a.decay);
      scenario.access = { method };
    } else {
      const decay = text_('access.decay', a.decay);
      // Read now, so that a bad decay names this file and field rather than surfacing mid-run.
      let count = 0;
      try {
        count = parseDecay(decay).length;
      } catch (error) {
        if (error instanceof CareshedError) fail(error.problem, 'access.decay', decay);
        throw error;
      }
      if (count !== 1) fail('one decay, not a list of parameter values', 'access.decay', decay);
      scenario.access = { method, decay };
    }
  }
  if (o.surroundings === false) scenario.surroundings = false;
  else if (o.surroundings !== undefined) {
    if (typeof o.surroundings !== 'object' || o.surroundings === null || Array.isArray(o.surroundings)) fail('expected {demand, supply} (files or occitanie: names) or false', 'surroundings', o.surroundings);
    const a = o.surroundings as Record<string, unknown>;
    for (const key of Object.keys(a)) if (key !== 'demand' && key !== 'supply') fail('unknown field; surroundings have demand and supply', `surroundings.${key}`, a[key]);
    scenario.surroundings = {};
    if (a.demand !== undefined) scenario.surroundings.demand = text_('surroundings.demand', a.demand);
    if (a.supply !== undefined) scenario.surroundings.supply = text_('surroundings.supply', a.supply);
  }
  if (o.bounds !== undefined) {
    const b = o.bounds;
    if (!Array.isArray(b) || b.length !== 4 || b.some((x) => typeof x !== 'number' || !Number.isFinite(x))) fail('expected [west, south, east, north] in degrees', 'bounds', b);
    const [w, s, e, n] = b as number[];
    if (!(w >= -180 && e <= 180 && w < e && s >= -90 && n <= 90 && s < n)) fail('expected [west, south, east, north] with -180 <= west < east <= 180 and -90 <= south < north <= 90', 'bounds', b);
    scenario.bounds = [w, s, e, n];
  }
  if (o.site !== undefined) {
    if (typeof o.site !== 'object' || o.site === null || Array.isArray(o.site)) fail('expected {model, p, candidates, solver, timeLimit, capacity}', 'site', o.site);
    const s = o.site as Record<string, unknown>;
    unknownFields(s, 'site', ['model', 'p', 'candidates', 'solver', 'timeLimit', 'capacity']);
    scenario.site = {
      model: choice('site.model', s.model, MODELS),
      p: number_('site.p', s.p, NaN, 1, true),
      candidates: text_('site.candidates', s.candidates),
      solver: choice('site.solver', s.solver, SOLVERS, 'heuristic'),
      timeLimit: number_('site.timeLimit', s.timeLimit, 60, 0),
      capacity: number_('site.capacity', s.capacity, 1, 0),
    };
    if (Number.isNaN(scenario.site.p)) fail('expected the number of sites to open', 'site.p', s.p);
  }
  return scenario;
}
