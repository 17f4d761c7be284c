import { CareshedError } from '../model/errors.js';
import { CROW_FLY_PRESETS, crowFly } from './crow-fly.js';
import { osrm, type OsrmOptions } from './osrm.js';
import type { TravelProvider } from './provider.js';

/**
 * A travel provider from its command-line spelling: `crow` (the fitted default, 45 km/h × 1.5),
 * `crow:SPEED_KMH[:DETOUR]`, `crow:regional|urban|mountain|lowland` (see CROW_FLY_PRESETS) or `osrm:URL`
 * (`network:` and `matrix:` read files: see `travelFromSpecNode` in careshed/node).
 * Throws INVALID_OPTION naming the spec when it cannot be read.
 *
 * @example
 * travelFromSpec('crow:50:1.4').name; // "crow:50:1.4"
 */
export function travelFromSpec(spec: string, options: { osrm?: OsrmOptions } = {}): TravelProvider {
  if (spec.startsWith('osrm:')) return osrm(spec.slice(5), options.osrm);
  const [kind, ...rest] = spec.split(':');
  if (kind === 'crow') {
    if (rest.length === 1 && rest[0] in CROW_FLY_PRESETS) return crowFly(CROW_FLY_PRESETS[rest[0] as keyof typeof CROW_FLY_PRESETS]);
    if (rest.length > 2 || (rest.length === 1 && /^[a-z]+$/i.test(rest[0]))) {
      throw new CareshedError('INVALID_OPTION', `expected crow, crow:SPEED_KMH[:DETOUR] or a preset: ${Object.keys(CROW_FLY_PRESETS).map((p) => `crow:${p}`).join(', ')}`, { field: 'travel', value: spec });
    }
    const [speed, detour] = rest.map((part, k) => {
      const value = Number(part);
      if (part.trim() === '' || !Number.isFinite(value)) {
        throw new CareshedError('INVALID_OPTION', `${k === 0 ? 'speed' : 'detour'} "${part}" is not a number; expected crow:SPEED_KMH[:DETOUR]`, { field: 'travel', value: spec });
      }
      // In the planner's words, before crowFly's generic check: a speed of 0 or a road shorter than the line.
      if (k === 0 && !(value > 0)) throw new CareshedError('INVALID_OPTION', `speed ${part} must be a speed in km/h, more than 0; expected crow:SPEED_KMH[:DETOUR], e.g. crow:45:1.5`, { field: 'travel', value: spec });
      if (k === 1 && !(value >= 1)) throw new CareshedError('INVALID_OPTION', `detour ${part} must be 1 or more (a road is never shorter than the straight line); expected crow:SPEED_KMH[:DETOUR], e.g. crow:45:1.5`, { field: 'travel', value: spec });
      return value;
    });
    return crowFly({ speedKmh: speed, detour });
  }
  throw new CareshedError('INVALID_OPTION', `unknown travel model "${kind}" here; the browser entry reads crow[:SPEED_KMH[:DETOUR]] or osrm:URL (network:FILE and matrix:FILE come with careshed/node)`, { field: 'travel', value: spec });
}
