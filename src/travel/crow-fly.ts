import { checkNumberOption } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { greatCircleKm } from '../geo/geodesy.js';
import { PointIndex } from '../geo/point-index.js';
import { checkMaxMinutes, requirePlaced, type ReachOptions, type TravelDescription, type TravelProvider } from './provider.js';
import { ReachTable, ReachTableBuilder, type NearestOpenSite } from './reach-table.js';
import { checkOptions } from '../model/arguments.js';

export interface CrowFlyOptions {
  /** Mean door-to-door driving speed along the road, km/h. Default 45. */
  speedKmh?: number;
  /** Road km per straight-line km (circuity). Default 1.5. */
  detour?: number;
}

/**
 * Straight-line settings fitted on evidence by examples/calibrate-crow-fly.ts (test/calibration.test.ts runs it
 * and checks these numbers): `regional`, the default, is 2.0 minutes per straight-line km, where the road
 * networks of Toulouse (1.84) and of Andorra next to Ariège (2.24) and the best agreement with DREES APL 2022
 * over Occitanie all point; `urban` and `mountain` are the Toulouse and Andorra fits alone; `lowland` (60 km/h ×
 * 1.3, 1.3 min/km) was careshed's first default, a guess for straight rural roads: it is kept as an optimistic
 * bound, 30 % faster than Toulouse's streets and 40 % faster than the mountains.
 */
export const CROW_FLY_PRESETS = {
  regional: { speedKmh: 45, detour: 1.5 },
  urban: { speedKmh: 45, detour: 1.38 },
  mountain: { speedKmh: 47, detour: 1.76 },
  lowland: { speedKmh: 60, detour: 1.3 },
} as const;

export type CrowFlyPreset = keyof typeof CROW_FLY_PRESETS;

/** The default: the `regional` preset, 45 km/h along roads 1.5 times the straight line (2.0 min per km). */
export const CROW_FLY_DEFAULTS = CROW_FLY_PRESETS.regional;

/**
 * How far each preset's minutes are from the calibration networks' shortest paths (600 random trips each,
 * seed 2026): the median of |error| ÷ network minutes, and the mean error (positive: straight lines slower).
 * Measured by examples/calibrate-crow-fly.ts; test/calibration.test.ts checks them against a fresh run.
 */
export const CROW_FLY_ERRORS: Readonly<Record<CrowFlyPreset, { toulouse: { medianRelative: number; bias: number }; andorra: { medianRelative: number; bias: number } }>> = {
  regional: { toulouse: { medianRelative: 0.11, bias: 0.4 }, andorra: { medianRelative: 0.19, bias: -2.8 } },
  urban: { toulouse: { medianRelative: 0.11, bias: -0.5 }, andorra: { medianRelative: 0.21, bias: -4.2 } },
  mountain: { toulouse: { medianRelative: 0.18, bias: 1.9 }, andorra: { medianRelative: 0.18, bias: -0.7 } },
  lowland: { toulouse: { medianRelative: 0.34, bias: -3.7 }, andorra: { medianRelative: 0.43, bias: -8.8 } },
};

const PRESET_WORDS: Readonly<Record<CrowFlyPreset, string>> = {
  regional: 'the default, fitted on the Toulouse and Andorra road networks and on DREES APL 2022 over Occitanie',
  urban: 'fitted on the streets of Toulouse',
  mountain: "fitted on Andorra's mountain roads next to Ariège",
  lowland: 'an optimistic setting for straight rural roads, not fitted',
};

/**
 * Straight-line travel: minutes = great-circle km × detour ÷ speed × 60. With the defaults (45 km/h,
 * detour 1.5: 2.0 minutes per straight-line km), 15 minutes reach 7.5 km as the crow flies.
 *
 * @example
 * const travel = crowFly({ speedKmh: 50 });
 * const reach = travel.reach(demand, sites, { maxMinutes: 30 });
 */
export class CrowFly implements TravelProvider {
  readonly speedKmh: number;
  readonly detour: number;

  constructor(options: CrowFlyOptions = {}) {
    checkOptions('crowFly', options, ['speedKmh', 'detour']);
    this.speedKmh = checkNumberOption('speedKmh', options.speedKmh ?? CROW_FLY_DEFAULTS.speedKmh, Number.MIN_VALUE, Infinity, 'a speed in km/h');
    this.detour = checkNumberOption('detour', options.detour ?? CROW_FLY_DEFAULTS.detour, 1, Infinity, 'a detour factor (road km per straight-line km)');
  }

  get name(): string {
    return `crow:${this.speedKmh}:${this.detour}`;
  }

  /** Minutes per straight-line km: detour ÷ speed × 60, the one number straight lines depend on. */
  get minutesPerKm(): number {
    return (this.detour / this.speedKmh) * 60;
  }

  /** The preset these settings are, if any. */
  get preset(): CrowFlyPreset | undefined {
    return (Object.keys(CROW_FLY_PRESETS) as CrowFlyPreset[]).find((k) => CROW_FLY_PRESETS[k].speedKmh === this.speedKmh && CROW_FLY_PRESETS[k].detour === this.detour);
  }

  /**
   * In words: the settings, where they come from, and how far a trip's minutes may be off (the median error
   * against the calibration networks; unknown settings are compared with them too).
   */
  describe(): TravelDescription {
    const preset = this.preset;
    const perKm = this.minutesPerKm;
    const settings = `straight lines at ${this.speedKmh} km/h along roads ${this.detour} times as long (${perKm.toFixed(2)} minutes per straight-line km; ${fmt(this.km(15))} km in 15 minutes)`;
    const spec = preset === 'regional' ? 'crow' : preset ? `crow:${preset}` : this.name;
    if (preset) {
      const e = CROW_FLY_ERRORS[preset];
      const range = [e.toulouse.medianRelative, e.andorra.medianRelative].sort((a, b) => a - b).map((x) => `${Math.round(100 * x)} %`);
      return { spec, words: `${settings}: ${PRESET_WORDS[preset]}. A trip's minutes are off by a median ${range[0]} to ${range[1]} against real road networks (Toulouse, Andorra); a 15-minute trip, by about ${fmt(15 * e.toulouse.medianRelative)} to ${fmt(15 * e.andorra.medianRelative)} minutes.` };
    }
    const fitted = CROW_FLY_DEFAULTS;
    const relative = perKm / ((fitted.detour / fitted.speedKmh) * 60) - 1;
    return { spec, words: `${settings}: settings given by the user, not fitted; ${Math.abs(relative) < 0.005 ? 'as fast as' : `${Math.round(100 * Math.abs(relative))} % ${relative < 0 ? 'faster' : 'slower'} than`} careshed's fitted default (2.0 minutes per km).` };
  }

  /** Minutes for a straight-line distance in km. */
  minutes(km: number): number {
    return km * ((this.detour / this.speedKmh) * 60);
  }

  /** Straight-line km that take `minutes`. */
  km(minutes: number): number {
    return (minutes * this.speedKmh) / 60 / this.detour;
  }

  /**
   * The reach table within `maxMinutes` (Infinity for every pair), from one spatial-index query per demand
   * point (never all pairs), and each demand point's nearest site at any distance. The table carries
   * `nearestOpen(demand, sites)`, so that `restrictTo` finds the nearest open site beyond the cutoff.
   */
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable {
    const maxMinutes = checkMaxMinutes(options.maxMinutes);
    requirePlaced('crow-fly travel (straight lines between positions)', demand, sites);
    const index = new PointIndex(sites.lon, sites.lat);
    const builder = new ReachTableBuilder(demand.size, sites.size, maxMinutes);
    // Minutes are kept as float32: a pair counts when its rounded minutes are within the cutoff, so search
    // a little wider than the cutoff (float32 steps are 6e-8 relative) and let the builder cut exactly.
    const radiusKm = this.km(maxMinutes) * (1 + 1e-6);
    const minutesPerKm = (this.detour / this.speedKmh) * 60;
    for (let i = 0; i < demand.size; i++) {
      const lon = demand.lon[i];
      const lat = demand.lat[i];
      const found = index.query(lon, lat, radiusKm);
      builder.addMany(index.found, index.foundKm, found, minutesPerKm);
      // Sites found in the widened search may all fall beyond the cutoff: the row is what decides.
      if (builder.rowLength === 0) {
        const nearest = nearestSite(index, sites, lon, lat);
        builder.endRow({ site: nearest.index, minutes: nearest.km * minutesPerKm });
      } else {
        builder.endRow();
      }
    }
    return builder.finish(this.nearestOpen(demand, sites));
  }

  /**
   * For `ReachTable.restrictTo`: the nearest open site to given demand points, by the same rule and the same
   * arithmetic as `reach` on the open sites alone (bit for bit). Below 32 open sites a plain loop, else a
   * spatial index over the open ones.
   *
   * @example
   * const table = ReachTable.from(buffer, { nearestOpen: crowFly({ speedKmh: 45, detour: 1.5 }).nearestOpen(demand, sites) });
   */
  nearestOpen(demand: PointSet, sites: PointSet): NearestOpenSite {
    const minutesPerKm = (this.detour / this.speedKmh) * 60;
    return (rows, open) => {
      const site = new Int32Array(rows.length).fill(-1);
      const minutes = new Float32Array(rows.length).fill(Infinity);
      const openSites: number[] = [];
      for (let j = 0; j < sites.size; j++) if (open[j]) openSites.push(j);
      if (openSites.length === 0) return { site, minutes };
      const subset = { lon: Float64Array.from(openSites, (j) => sites.lon[j]), lat: Float64Array.from(openSites, (j) => sites.lat[j]) };
      const index = openSites.length >= 32 ? new PointIndex(subset.lon, subset.lat) : null;
      rows.forEach((i, r) => {
        const nearest = index ? nearestSite(index, subset, demand.lon[i], demand.lat[i]) : nearestByLoop(subset, demand.lon[i], demand.lat[i]);
        site[r] = openSites[nearest.index];
        minutes[r] = nearest.km * minutesPerKm;
      });
      return { site, minutes };
    };
  }
}

/**
 * The nearest point by great-circle km, ties to the lowest index: one rule whatever the tree's shape, so that
 * a table restricted to some sites and a table built on those sites alone agree. geokdbush's nearest (on its
 * own earth radius) gives a distance; every point at least as near is then within it.
 */
function nearestSite(index: PointIndex, points: { lon: Float64Array; lat: Float64Array }, lon: number, lat: number): { index: number; km: number } {
  const first = index.nearest(lon, lat);
  if (first.index < 0) return first;
  let best = first.index;
  let bestKm = first.km;
  const count = index.query(lon, lat, first.km * (1 + 1e-9) + 1e-9);
  for (let k = 0; k < count; k++) {
    const j = index.found[k];
    const km = greatCircleKm(lon, lat, points.lon[j], points.lat[j]);
    if (km < bestKm || (km === bestKm && j < best)) {
      best = j;
      bestKm = km;
    }
  }
  return { index: best, km: bestKm };
}

/** The same rule as `nearestSite`, by looking at every point (for a few). */
function nearestByLoop(points: { lon: Float64Array; lat: Float64Array }, lon: number, lat: number): { index: number; km: number } {
  let best = -1;
  let bestKm = Infinity;
  for (let j = 0; j < points.lon.length; j++) {
    const km = greatCircleKm(lon, lat, points.lon[j], points.lat[j]);
    if (km < bestKm) {
      best = j;
      bestKm = km;
    }
  }
  return { index: best, km: bestKm };
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** A configured straight-line travel provider (a value you can pass around). */
export function crowFly(options: CrowFlyOptions = {}): CrowFly {
  return new CrowFly(options);
}
