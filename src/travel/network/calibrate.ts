import { checkNumberOption } from '../../model/errors.js';
import { seededRandom } from '../../model/random.js';
import { greatCircleKm } from '../../geo/geodesy.js';
import { stronglyConnected } from './components.js';
import type { RoadGraph } from './road-graph.js';
import { ShortestPaths } from './shortest-paths.js';
import { CROW_FLY_DEFAULTS } from '../crow-fly.js';
import { checkArgument, checkOptions, isNumbers, isRecord } from '../../model/arguments.js';
import { checkGraph } from '../arguments.js';

export interface CrowFlyCalibration {
  /** Trips sampled (random node pairs of the main network, farther apart than `minKm`). */
  trips: number;
  /** Road km per straight-line km: the ratio of the sums (a km-weighted mean). */
  detour: number;
  /** Mean driving speed along the roads, km/h: road km ÷ hours, summed over trips. */
  speedKmh: number;
  /** Minutes per straight-line km, least squares through the origin: the one number crow-fly needs. */
  minutesPerKm: number;
  /** Errors of crow-fly minutes with the fitted detour and speed against the network, minutes. */
  error: { bias: number; medianAbsolute: number; p90Absolute: number; medianRelative: number };
  /** Errors with the given crow-fly settings (the defaults unless other ones are given). */
  errorWith: { speedKmh: number; detour: number; bias: number; medianAbsolute: number; medianRelative: number };
  /** The sampled trips: straight-line km and network minutes, to judge any other setting (`crowFlyError`). */
  samples: { crowKm: Float64Array; minutes: Float64Array };
}

/** How far crow-fly minutes at `minutesPerKm` are from network minutes, over trips. */
export interface CrowFlyError {
  /** Mean of crow-fly minus network minutes: positive when straight lines are slower than the roads. */
  bias: number;
  medianAbsolute: number;
  p90Absolute: number;
  /** Median of |error| ÷ network minutes. */
  medianRelative: number;
}

/**
 * The errors of crow-fly minutes at `minutesPerKm` (detour ÷ speed × 60) against the network minutes of
 * calibration trips.
 *
 * @example
 * const fit = calibrateCrowFly(graph);
 * crowFlyError(fit.samples, 2.0).medianRelative; // 0.15
 */
export function crowFlyError(samples: { crowKm: ArrayLike<number>; minutes: ArrayLike<number> }, minutesPerKm: number): CrowFlyError {
  checkArgument('crowFlyError', 'samples', samples, isRecord(samples) && isNumbers(samples.crowKm) && isNumbers(samples.minutes) && samples.crowKm.length === samples.minutes.length, 'samples {crowKm, minutes} of one length (calibrateCrowFly(graph).samples)');
  checkArgument('crowFlyError', 'minutesPerKm', minutesPerKm, typeof minutesPerKm === 'number' && minutesPerKm > 0 && Number.isFinite(minutesPerKm), 'a number of minutes per km, more than 0');
  const n = samples.crowKm.length;
  const signed = Array.from({ length: n }, (_, k) => samples.crowKm[k] * minutesPerKm - samples.minutes[k]);
  const absolute = signed.map(Math.abs).sort((x, y) => x - y);
  const relative = signed.map((e, k) => Math.abs(e) / samples.minutes[k]).sort((x, y) => x - y);
  return { bias: signed.reduce((t, x) => t + x, 0) / n, medianAbsolute: quantile(absolute, 0.5), p90Absolute: quantile(absolute, 0.9), medianRelative: quantile(relative, 0.5) };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Fits crow-fly travel (detour and speed) to a road network: random trips between nodes of its main
 * component, their road minutes and km by shortest path, their straight-line km; then the errors of the
 * fitted and of the given crow-fly settings.
 *
 * @example
 * const fit = calibrateCrowFly(graph, { trips: 500, seed: 1 });
 * crowFly({ speedKmh: fit.speedKmh, detour: fit.detour });
 */
export function calibrateCrowFly(
  graph: RoadGraph,
  options: { trips?: number; seed?: number; minKm?: number; compareWith?: { speedKmh: number; detour: number } } = {},
): CrowFlyCalibration {
  checkGraph('calibrateCrowFly', graph);
  checkOptions('calibrateCrowFly', options, ['trips', 'seed', 'minKm', 'compareWith']);
  const wanted = checkNumberOption('trips', options.trips ?? 400, 10);
  const minKm = checkNumberOption('minKm', options.minKm ?? 1, 0);
  const compare = options.compareWith ?? CROW_FLY_DEFAULTS;
  const random = seededRandom(options.seed ?? 1);
  const { component, largest } = stronglyConnected(graph);
  const main: number[] = [];
  for (let u = 0; u < graph.nodeCount; u++) if (component[u] === largest) main.push(u);
  const search = new ShortestPaths(graph);
  const crow: number[] = [];
  const roadKm: number[] = [];
  const minutes: number[] = [];
  for (let attempt = 0; crow.length < wanted && attempt < wanted * 20; attempt++) {
    const a = main[Math.floor(random() * main.length)];
    const b = main[Math.floor(random() * main.length)];
    const km = greatCircleKm(graph.lon[a], graph.lat[a], graph.lon[b], graph.lat[b]);
    if (km < minKm) continue;
    search.run([a], null, Infinity);
    const path = search.pathArcs(b);
    if (!path) continue;
    crow.push(km);
    roadKm.push(path.reduce((t, arc) => t + graph.km[arc], 0));
    minutes.push(search.minutes(b));
  }
  const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);
  const detour = sum(roadKm) / sum(crow);
  const speedKmh = (sum(roadKm) / sum(minutes)) * 60;
  const minutesPerKm = sum(crow.map((c, k) => c * minutes[k])) / sum(crow.map((c) => c * c));
  const samples = { crowKm: Float64Array.from(crow), minutes: Float64Array.from(minutes) };
  const fitted = crowFlyError(samples, (detour / speedKmh) * 60);
  const given = crowFlyError(samples, (compare.detour / compare.speedKmh) * 60);
  return {
    trips: crow.length,
    detour,
    speedKmh,
    minutesPerKm,
    error: fitted,
    errorWith: { speedKmh: compare.speedKmh, detour: compare.detour, bias: given.bias, medianAbsolute: given.medianAbsolute, medianRelative: given.medianRelative },
    samples,
  };
}
