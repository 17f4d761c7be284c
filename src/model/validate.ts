import { CareshedError, type CareshedErrorCode, type InputLocation } from './errors.js';

/** A decimal number as people write it in data files: "12", "-0.5", "1e3". Not "", "0x10", "Infinity" or "3,5". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a numeric field that may arrive as text (CSV) or as a number (GeoJSON, code).
 * Anything that is not a finite decimal raises `code` naming the field and the value as written.
 */
export function readNumber(raw: unknown, at: InputLocation, code: CareshedErrorCode, expected: string): number {
  let value = NaN;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && DECIMAL.test(raw.trim())) value = Number(raw.trim());
  if (!Number.isFinite(value)) {
    const hint = typeof raw === 'string' && /^[+-]?\d+,\d+$/.test(raw.trim()) ? ' (use a point, not a comma, for decimals)' : '';
    const problem = raw === undefined || raw === null || raw === '' ? `is empty; expected ${expected}` : `is not a number; expected ${expected}${hint}`;
    throw new CareshedError(code, problem, { ...at, value: raw });
  }
  return value;
}

export function readNonNegative(raw: unknown, at: InputLocation, code: CareshedErrorCode, what: string): number {
  const value = readNumber(raw, at, code, `a ${what} >= 0`);
  if (value < 0) throw new CareshedError(code, `is negative; expected a ${what} >= 0`, { ...at, value: raw });
  return value;
}

/** Ids are strings, always: the INSEE code "01001" must never become the number 1001. */
export function readId(raw: unknown, at: InputLocation): string {
  if (typeof raw === 'number') {
    throw new CareshedError('INVALID_ID', 'is a number; ids must be strings (a code such as "01001" would lose its leading zero)', { ...at, value: raw });
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new CareshedError('INVALID_ID', 'is empty; every record needs a non-empty string id', { ...at, value: raw });
  }
  return raw.trim();
}

/** [west, south, east, north] in degrees. */
export type Bounds = readonly [number, number, number, number];

function inside(lon: number, lat: number, b: Bounds): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/**
 * Checks one WGS84 position and says what is likely wrong when it is off: projected metres
 * (Lambert-93 and the like give values in the hundreds of thousands), longitude and latitude swapped,
 * or simply out of range. With `bounds`, a point outside the study area is an error too.
 */
export function checkPosition(lon: number, lat: number, at: InputLocation, bounds?: Bounds): void {
  const lonOk = lon >= -180 && lon <= 180;
  const latOk = lat >= -90 && lat <= 90;
  if (!lonOk || !latOk) {
    const position = `(${lon}, ${lat})`;
    if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
      throw new CareshedError(
        'PROJECTED_COORDINATES',
        `position ${position} looks like projected metres (Lambert-93, UTM, Web Mercator); expected WGS84 longitude and latitude in degrees: reproject the input to EPSG:4326`,
        { ...at, field: !lonOk ? 'lon' : 'lat', value: !lonOk ? lon : lat },
      );
    }
    if (!latOk && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
      throw new CareshedError(
        'SWAPPED_COORDINATES',
        `latitude ${lat} is out of [-90, 90] while longitude ${lon} would be a valid latitude: are longitude and latitude swapped? careshed expects lon, lat (RFC 7946 order)`,
        { ...at, field: 'lat', value: lat },
      );
    }
    const field = !lonOk ? 'lon' : 'lat';
    const range = !lonOk ? '[-180, 180]' : '[-90, 90]';
    throw new CareshedError('INVALID_COORDINATE', `is out of range; expected a ${field === 'lon' ? 'longitude' : 'latitude'} in ${range}`, {
      ...at,
      field,
      value: !lonOk ? lon : lat,
    });
  }
  if (bounds && !inside(lon, lat, bounds)) {
    if (inside(lat, lon, bounds)) {
      throw new CareshedError(
        'SWAPPED_COORDINATES',
        `position (${lon}, ${lat}) is outside the study area [${bounds.join(', ')}] but (${lat}, ${lon}) is inside: are longitude and latitude swapped?`,
        { ...at, field: 'lon', value: lon },
      );
    }
    throw new CareshedError('OUT_OF_BOUNDS', `position (${lon}, ${lat}) is outside the study area [${bounds.join(', ')}]`, { ...at, field: 'lon', value: lon });
  }
}
