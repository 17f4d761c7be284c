import { CareshedError, nearestName } from '../model/errors.js';
import { parseDecimal } from '../model/decimal.js';
import { quote } from '../model/quote.js';
import { CROW_FLY_PRESETS, crowFly } from './crow-fly.js';
import { osrm, type OsrmOptions } from './osrm.js';
import type { TravelProvider } from './provider.js';

const PRESETS: ReadonlyMap<string, { speedKmh: number; detour: number }> = new Map(Object.entries(CROW_FLY_PRESETS));
const PRESET_FORMS = [...PRESETS.keys()].map((p) => `crow:${p}`).join(', ');

/** The settings an `osrm:URL,NAME=VALUE` spec takes, in the `network:FILE,maxspeed=F` style. */
export const OSRM_SPEC_SETTINGS = ['timeout', 'retries'] as const;

/**
 * A spec's head and its `,NAME=VALUE` settings, peeled off its end (`network:roads.osm,maxspeed=0.8`,
 * `osrm:http://host:5000,timeout=60`): the head may hold commas of its own (a path); a trailing segment
 * that looks like `word=...` is a setting, and one not in `known` is refused with the valid names. One
 * backwards pass: linear in the spec's length.
 *
 * @example
 * specSettings('network:a.osm,maxspeed=0.8', 'a.osm,maxspeed=0.8', ['maxspeed']); // { head: 'a.osm', settings: Map { maxspeed → '0.8' } }
 */
export function specSettings(spec: string, rest: string, known: readonly string[]): { head: string; settings: Map<string, string> } {
  const settings = new Map<string, string>();
  let head = rest;
  for (;;) {
    const comma = head.lastIndexOf(',');
    if (comma < 0) break;
    const segment = head.slice(comma + 1);
    const equals = segment.indexOf('=');
    const name = equals < 0 ? '' : segment.slice(0, equals);
    if (name === '' || !isWord(name)) break;
    if (!known.includes(name)) {
      const near = name.length <= 60 ? nearestName(name, known) : undefined;
      throw new CareshedError('INVALID_OPTION', `unknown setting ${quote(name)}${near ? ` (did you mean ${near}?)` : ''}; this spec takes ${known.map((k) => `,${k}=…`).join(' and ')}`, { field: 'travel', value: spec });
    }
    if (settings.has(name)) throw new CareshedError('INVALID_OPTION', `the setting ${name} is given twice; give it once`, { field: 'travel', value: spec });
    settings.set(name, segment.slice(equals + 1));
    head = head.slice(0, comma);
  }
  return { head, settings };
}

/** A number as typed, quoted and cut only when too long to read. */
const short = (text: string) => (text.length <= 24 ? text : quote(text));

function isWord(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 95)) return false;
  }
  return true;
}

/** `osrm:URL[,timeout=SECONDS][,retries=N]`: the server, and how long to wait for each answer. */
function osrmFromSpec(spec: string, options: OsrmOptions = {}): TravelProvider {
  const { head, settings } = specSettings(spec, spec.slice(5), OSRM_SPEC_SETTINGS);
  const given: OsrmOptions = { ...options };
  const timeout = settings.get('timeout');
  if (timeout !== undefined) {
    const seconds = parseDecimal(timeout);
    if (seconds === undefined || !(seconds > 0)) throw new CareshedError('INVALID_OPTION', `timeout ${quote(timeout)} must be a number of seconds, more than 0, in decimal; expected osrm:URL,timeout=SECONDS, e.g. osrm:http://localhost:5000,timeout=60`, { field: 'travel', value: spec });
    given.timeoutMs = seconds * 1000;
  }
  const retries = settings.get('retries');
  if (retries !== undefined) {
    const count = parseDecimal(retries, { integer: true });
    if (count === undefined || count < 0 || count > 10) throw new CareshedError('INVALID_OPTION', `retries ${quote(retries)} must be a whole number from 0 to 10; expected osrm:URL,retries=N`, { field: 'travel', value: spec });
    given.retries = count;
  }
  return osrm(head, given);
}

/**
 * A travel provider from its command-line spelling: `crow` (the fitted default, 45 km/h × 1.5),
 * `crow:SPEED_KMH[:DETOUR]`, `crow:regional|urban|mountain|lowland` (see CROW_FLY_PRESETS) or
 * `osrm:URL[,timeout=SECONDS][,retries=N]` (each request waits SECONDS, default 30, and is tried again N times,
 * default 2). `network:` and `matrix:` read files: see `travelFromSpecNode` in careshed/node. Numbers are
 * decimal only (no 0x3c). Throws INVALID_OPTION naming the spec when it cannot be read.
 *
 * @example
 * travelFromSpec('crow:50:1.4').name; // "crow:50:1.4"
 * travelFromSpec('osrm:http://localhost:5000,timeout=60');
 */
export function travelFromSpec(spec: string, options: { osrm?: OsrmOptions } = {}): TravelProvider {
  if (typeof spec !== 'string') throw new CareshedError('INVALID_OPTION', 'a travel spec is a text: crow, crow:SPEED_KMH[:DETOUR], a preset or osrm:URL', { field: 'travel', value: spec });
  if (options === null || typeof options !== 'object') throw new CareshedError('INVALID_OPTION', 'the options of travelFromSpec are an object {osrm}', { field: 'options', value: options });
  if (spec.startsWith('osrm:')) return osrmFromSpec(spec, options.osrm);
  const [kind, ...rest] = spec.split(':');
  if (kind === 'crow') {
    const preset = rest.length === 1 ? PRESETS.get(rest[0]) : undefined;
    if (preset) return crowFly(preset);
    if (rest.length > 2 || (rest.length === 1 && parseDecimal(rest[0]) === undefined && !/^\s*[-+.\d]/.test(rest[0]))) {
      const near = rest.length === 1 && rest[0].length <= 60 ? nearestName(rest[0], [...PRESETS.keys()]) : undefined;
      throw new CareshedError('INVALID_OPTION', `expected crow, crow:SPEED_KMH[:DETOUR] or a preset: ${PRESET_FORMS}${near ? ` (did you mean crow:${near}?)` : ''}`, { field: 'travel', value: spec });
    }
    const [speed, detour] = rest.map((part, k) => {
      const value = parseDecimal(part);
      if (value === undefined) {
        throw new CareshedError('INVALID_OPTION', `${k === 0 ? 'speed' : 'detour'} ${quote(part)} is not a number in decimal; expected crow:SPEED_KMH[:DETOUR], e.g. crow:45:1.5, or a preset: ${PRESET_FORMS}`, { field: 'travel', value: spec });
      }
      // In the planner's words, before crowFly's generic check: a speed of 0 or a road shorter than the line.
      if (k === 0 && !(value > 0)) throw new CareshedError('INVALID_OPTION', `speed ${short(part)} must be a speed in km/h, more than 0; expected crow:SPEED_KMH[:DETOUR], e.g. crow:45:1.5`, { field: 'travel', value: spec });
      if (k === 1 && !(value >= 1)) throw new CareshedError('INVALID_OPTION', `detour ${short(part)} must be 1 or more (a road is never shorter than the straight line); expected crow:SPEED_KMH[:DETOUR], e.g. crow:45:1.5`, { field: 'travel', value: spec });
      return value;
    });
    return crowFly({ speedKmh: speed, detour });
  }
  throw new CareshedError('INVALID_OPTION', `unknown travel model ${quote(kind)} here; the browser entry reads crow[:SPEED_KMH[:DETOUR]] or osrm:URL (network:FILE and matrix:FILE come with careshed/node)`, { field: 'travel', value: spec });
}
