import { CareshedError } from '../../model/errors.js';
import { checkArgument, checkOptions } from '../../model/arguments.js';
import { checkProfile, checkTags } from '../arguments.js';

/**
 * Car speeds by OSM highway class, km/h, when a road has no usable maxspeed: the free-flow speeds of
 * OSRM's car profile (car.lua), a widely used reference. Classes absent here and in `closed` are unknown:
 * counted in the build report and left out.
 */
export const CAR_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 45,
  trunk: 85,
  trunk_link: 40,
  primary: 65,
  primary_link: 30,
  secondary: 55,
  secondary_link: 25,
  tertiary: 40,
  tertiary_link: 20,
  unclassified: 25,
  residential: 25,
  living_street: 10,
  service: 15,
  road: 25,
};

/** Highway classes a car may not use: left out on purpose (counted apart from unknown classes). */
export const CLOSED_TO_CARS: ReadonlySet<string> = new Set([
  'footway', 'pedestrian', 'path', 'steps', 'cycleway', 'bridleway', 'track', 'corridor', 'elevator', 'platform',
  'bus_guideway', 'busway', 'construction', 'proposed', 'abandoned', 'disused', 'raceway', 'escape', 'emergency_bay', 'rest_area', 'services', 'via_ferrata',
]);

/** Legal speed zones written as "CC:zone", km/h. */
const ZONE_SPEEDS: Readonly<Record<string, number>> = {
  'FR:urban': 50, 'FR:rural': 80, 'FR:trunk': 110, 'FR:motorway': 130, 'FR:zone30': 30, 'FR:zone:30': 30, 'FR:walk': 6, 'FR:living_street': 20,
  'AD:urban': 50, 'AD:rural': 90,
  'ES:urban': 50, 'ES:rural': 90, 'ES:trunk': 100, 'ES:motorway': 120, 'ES:zone30': 30, 'ES:living_street': 20,
  'DE:urban': 50, 'DE:rural': 100, 'DE:motorway': 130, 'DE:zone30': 30,
  'IT:urban': 50, 'IT:rural': 90, 'IT:motorway': 130,
  'GB:nsl_single': 96.56, 'GB:nsl_dual': 112.65, 'GB:motorway': 112.65,
};

export interface SpeedProfile {
  /** km/h by highway class when no maxspeed applies. */
  speeds: Readonly<Record<string, number>>;
  /** Classes closed to cars. */
  closed: ReadonlySet<string>;
  /**
   * Share of a posted maxspeed that is driven on average (default 0.8, `MAXSPEED_FACTOR`): people brake for
   * junctions, bends and traffic. Set 1 to drive at the limit (a plain shortest path at posted speeds).
   */
  maxspeedFactor: number;
  /** Cap for any speed, km/h (default 130). */
  maxKmh: number;
}

/**
 * Where a road has a posted maxspeed, cars drive 0.8 × it on average: the `speed_reduction` of OSRM's car
 * profile (osrm-backend profiles/car.lua), the same reference as the class speeds above. It is a reference
 * value, not fitted here: no observed trip times come with the shared data. `network:FILE,maxspeed=F` on the
 * command line, `carProfile({ maxspeedFactor })` in code.
 */
export const MAXSPEED_FACTOR = 0.8;

export const CAR_PROFILE: SpeedProfile = { speeds: CAR_SPEEDS_KMH, closed: CLOSED_TO_CARS, maxspeedFactor: MAXSPEED_FACTOR, maxKmh: 130 };

/** A profile with some speeds or settings replaced. */
export function carProfile(overrides: Partial<Omit<SpeedProfile, 'speeds'>> & { speeds?: Record<string, number> } = {}): SpeedProfile {
  checkOptions('carProfile', overrides, ['speeds', 'closed', 'maxspeedFactor', 'maxKmh'], 'overrides');
  const speeds = { ...CAR_SPEEDS_KMH, ...overrides.speeds };
  for (const [highway, kmh] of Object.entries(speeds)) {
    if (!(kmh > 0) || !Number.isFinite(kmh)) throw new CareshedError('INVALID_OPTION', `speed of highway=${highway} must be a positive number of km/h`, { field: `speeds.${highway}`, value: kmh });
  }
  const profile = { ...CAR_PROFILE, ...overrides, speeds };
  if (!(profile.maxspeedFactor > 0 && profile.maxspeedFactor <= 1.5)) throw new CareshedError('INVALID_OPTION', 'maxspeedFactor must be in (0, 1.5]', { field: 'maxspeedFactor', value: profile.maxspeedFactor });
  return profile;
}

/**
 * Reads an OSM maxspeed value, km/h: "50", "50 mph", "20 knots", "FR:urban", "none", "walk", "50;70" (the
 * lowest). Returns null for "none", "signals" and "variable" (no fixed limit: the class speed applies) and
 * NaN for what does not parse.
 */
export function parseMaxspeed(value: string): number | null {
  checkArgument('parseMaxspeed', 'value', value, typeof value === 'string', 'an OSM maxspeed value (text: "50", "30 mph", "FR:urban")');
  const text = value.trim();
  if (text === '' || text === 'none' || text === 'signals' || text === 'variable' || text === 'unposted') return null;
  if (text.includes(';')) {
    const parts = text.split(';').map(parseMaxspeed).filter((x): x is number => x !== null);
    return parts.length === 0 ? null : parts.some(Number.isNaN) ? NaN : Math.min(...parts);
  }
  if (text === 'walk') return 6;
  if (Object.hasOwn(ZONE_SPEEDS, text)) return ZONE_SPEEDS[text];
  const match = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/.exec(text);
  if (!match) return NaN;
  const number = Number(match[1]);
  if (!(number > 0)) return NaN;
  const unit = match[2];
  return unit === 'mph' ? number * 1.609344 : unit === 'knots' ? number * 1.852 : number;
}

/** Which ways of a road may be driven: forward, backward, both, or none (left out). */
export type Direction = 'both' | 'forward' | 'backward';

/** Reads oneway (yes, 1, true, -1, reverse, no) with the implied oneway of roundabouts and motorways. */
export function parseOneway(tags: Readonly<Record<string, string | undefined>>): Direction | undefined {
  checkTags('parseOneway', tags);
  const oneway = tags.oneway?.trim();
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 'forward';
  if (oneway === '-1' || oneway === 'reverse') return 'backward';
  if (oneway === 'no' || oneway === '0' || oneway === 'false') return 'both';
  if (oneway !== undefined && oneway !== '') return undefined;
  const junction = tags.junction;
  if (junction === 'roundabout' || junction === 'circular' || tags.highway === 'motorway') return 'forward';
  return 'both';
}

const NO_CARS = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'emergency']);
const CARS = new Set(['yes', 'designated', 'permissive', 'destination', 'customers']);

/** Whether a car may drive the road by its access tags (the most specific tag decides). */
export function carAllowed(tags: Readonly<Record<string, string | undefined>>): boolean {
  checkTags('carAllowed', tags);
  for (const key of ['motorcar', 'motor_vehicle', 'vehicle', 'access']) {
    const value = tags[key];
    if (value === undefined) continue;
    if (CARS.has(value)) return true;
    if (NO_CARS.has(value)) return false;
  }
  return true;
}

/** Why a way was left out, or its speed and direction. */
export type WayVerdict =
  | { use: true; kmh: number; direction: Direction; maxspeedUnparsed?: string; onewayUnparsed?: string }
  | { use: false; reason: 'not a highway' | 'closed to cars' | 'unknown highway' | 'no car access'; highway?: string };

/** Decides how a car uses one OSM way from its tags. */
export function judgeWay(tags: Readonly<Record<string, string | undefined>>, profile: SpeedProfile): WayVerdict {
  checkTags('judgeWay', tags);
  checkProfile('judgeWay', profile);
  const highway = tags.highway;
  if (highway === undefined) return { use: false, reason: 'not a highway' };
  if (profile.closed.has(highway)) return { use: false, reason: 'closed to cars', highway };
  // An own speed only: highway=toString or constructor is an unknown class, not Object.prototype's member.
  const classKmh = Object.hasOwn(profile.speeds, highway) ? profile.speeds[highway] : undefined;
  if (classKmh === undefined) return { use: false, reason: 'unknown highway', highway };
  if (!carAllowed(tags)) return { use: false, reason: 'no car access', highway };
  let kmh = classKmh;
  let maxspeedUnparsed: string | undefined;
  if (tags.maxspeed !== undefined) {
    const posted = parseMaxspeed(tags.maxspeed);
    if (posted !== null && Number.isNaN(posted)) maxspeedUnparsed = tags.maxspeed;
    else if (posted !== null) kmh = posted * profile.maxspeedFactor;
  }
  kmh = Math.min(kmh, profile.maxKmh);
  const direction = parseOneway(tags);
  if (direction === undefined) return { use: true, kmh, direction: 'both', maxspeedUnparsed, onewayUnparsed: tags.oneway };
  return { use: true, kmh, direction, maxspeedUnparsed };
}
