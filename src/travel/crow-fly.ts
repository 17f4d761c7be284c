import { checkNumberOption } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { chord2Limit, PointIndex } from '../geo/point-index.js';
import { checkMaxMinutes, requirePlaced, type ReachOptions, type TravelDescription, type TravelProvider } from './provider.js';
import { ReachTable, ReachTableBuilder, type NearestOpenSite, type NearestSites } from './reach-table.js';
import { progressTicker, type Progress } from '../model/progress.js';
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
   * The reach table within `maxMinutes` (Infinity for every pair), from spatial-index queries (never all
   * pairs), and each demand point's nearest site at any distance. The pairs are counted first, then written
   * into one allocation of exactly their size (8 bytes a pair): a second query per demand point costs less
   * than growing and copying the arrays, and the peak memory is the table's. The table carries
   * `nearestOpen(demand, sites)`, so that `restrictTo` finds the nearest open site beyond the cutoff.
   *
   * @example
   * const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(communes, sites, { maxMinutes: 30 });
   */
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable {
    const maxMinutes = checkMaxMinutes(options.maxMinutes);
    requirePlaced('crow-fly travel (straight lines between positions)', demand, sites);
    const index = new PointIndex(sites.lon, sites.lat);
    // Minutes are kept as float32: a pair counts when its rounded minutes are within the cutoff, so search
    // a little wider than the cutoff (float32 steps are 6e-8 relative) and cut on the rounded minutes.
    const radiusKm = this.km(maxMinutes) * (1 + 1e-6);
    const minutesPerKm = this.minutesPerKm;
    const ticker = progressTicker(options.onProgress, 'straight-line reach', 2 * demand.size, 'demand points');
    // Counted on the squared chords alone: the pairs kept are those up to one chord, found once.
    const limit = chord2Limit(radiusKm, (km) => Math.fround(km * minutesPerKm) <= maxMinutes);
    let pairs = 0;
    for (let i = 0; i < demand.size; i++) {
      pairs += index.count(demand.lon[i], demand.lat[i], radiusKm, limit);
      ticker.tick(i);
    }
    const builder = new ReachTableBuilder(demand.size, sites.size, maxMinutes, pairs);
    const search = new NearestSearch(index, minutesPerKm);
    for (let i = 0; i < demand.size; i++) {
      const lon = demand.lon[i];
      const lat = demand.lat[i];
      const found = index.query(lon, lat, radiusKm);
      builder.addMany(index.found, index.foundKm, found, minutesPerKm);
      // Sites found in the widened search may all fall beyond the cutoff: the row is what decides.
      if (builder.rowLength === 0) {
        search.find(lon, lat);
        builder.endRow({ site: search.site, minutes: search.minutes });
      } else {
        builder.endRow();
      }
      ticker.tick(demand.size + i);
    }
    ticker.end();
    return builder.finish(this.nearestOpen(demand, sites));
  }

  /**
   * Each demand point's nearest site at any distance and the minutes to it, with no pair table: what
   * coverage needs, from one nearest-neighbour query per demand point. The same sites and minutes, bit for
   * bit, as the `nearestSite` and `nearestMinutes` of `reach` at any cutoff (ties to the lowest site index).
   *
   * @example
   * const travel = crowFly({ speedKmh: 45, detour: 1.5 });
   * const result = coverage(travel.nearest(communes, sites), communes, { targetMinutes: 15 });
   */
  nearest(demand: PointSet, sites: PointSet, options: { onProgress?: Progress } = {}): NearestSites {
    requirePlaced('crow-fly travel (straight lines between positions)', demand, sites);
    const search = new NearestSearch(new PointIndex(sites.lon, sites.lat), this.minutesPerKm);
    const site = new Int32Array(demand.size).fill(-1);
    const minutes = new Float32Array(demand.size).fill(Infinity);
    const ticker = progressTicker(options.onProgress, 'nearest sites', demand.size, 'demand points');
    for (let i = 0; i < demand.size; i++) {
      search.find(demand.lon[i], demand.lat[i]);
      site[i] = search.site;
      minutes[i] = search.minutes;
      ticker.tick(i);
    }
    ticker.end();
    return { demandCount: demand.size, siteCount: sites.size, maxMinutes: Infinity, nearestSite: site, nearestMinutes: minutes };
  }

  /**
   * For `ReachTable.restrictTo`: the nearest open site to given demand points, by the same rule and the same
   * arithmetic as `reach` on the open sites alone (bit for bit), from a spatial index over the open ones.
   *
   * @example
   * const table = ReachTable.from(buffer, { nearestOpen: crowFly({ speedKmh: 45, detour: 1.5 }).nearestOpen(demand, sites) });
   */
  nearestOpen(demand: PointSet, sites: PointSet): NearestOpenSite {
    const minutesPerKm = this.minutesPerKm;
    return (rows, open) => {
      const site = new Int32Array(rows.length).fill(-1);
      const minutes = new Float32Array(rows.length).fill(Infinity);
      const openSites: number[] = [];
      for (let j = 0; j < sites.size; j++) if (open[j]) openSites.push(j);
      if (openSites.length === 0) return { site, minutes };
      const search = new NearestSearch(new PointIndex(Float64Array.from(openSites, (j) => sites.lon[j]), Float64Array.from(openSites, (j) => sites.lat[j])), minutesPerKm);
      rows.forEach((i, r) => {
        // Subset indices grow with site indices: the lowest subset index is the lowest site index.
        search.find(demand.lon[i], demand.lat[i]);
        site[r] = openSites[search.site];
        minutes[r] = search.minutes;
      });
      return { site, minutes };
    };
  }
}

/** Half the Earth's circumference, km: a radius that holds every point. */
const WHOLE_EARTH_KM = 20_016;

/**
 * The nearest point by float32 minutes, ties to the lowest index: the first entry a row of the reach table
 * would have with no cutoff, one rule whatever the tree's shape, so that a table restricted to some sites, a
 * table built on those sites alone and `nearest` all agree. Found by radius queries, measured as `reach`
 * measures its pairs: a first radius of about twice the recent answers' distance, doubled until a point is
 * within it; every point that could be as near is then known (the query finds all within its radius). No
 * priority queue and no object per query. Answers in `site` and `minutes`.
 */
class NearestSearch {
  site = -1;
  minutes = Infinity;
  /** A running mean of the distances found, km: where the next search starts. */
  #typicalKm = 4;
  readonly #index: PointIndex;
  readonly #minutesPerKm: number;

  constructor(index: PointIndex, minutesPerKm: number) {
    this.#index = index;
    this.#minutesPerKm = minutesPerKm;
  }

  find(lon: number, lat: number): void {
    const index = this.#index;
    this.site = -1;
    this.minutes = Infinity;
    if (index.size === 0) return;
    let radiusKm = Math.max(0.05, 2 * this.#typicalKm);
    let count = index.query(lon, lat, radiusKm);
    while (count === 0 && radiusKm < WHOLE_EARTH_KM) {
      radiusKm = Math.min(WHOLE_EARTH_KM, 4 * radiusKm);
      count = index.query(lon, lat, radiusKm);
    }
    let nearestKm = Infinity;
    for (let k = 0; k < count; k++) if (index.foundKm[k] < nearestKm) nearestKm = index.foundKm[k];
    // Points whose minutes round to the nearest's lie within a hair of it (float32 steps are 6e-8 relative).
    const tieKm = nearestKm * (1 + 1e-6) + 1e-9;
    if (tieKm > radiusKm) count = index.query(lon, lat, tieKm);
    const perKm = this.#minutesPerKm;
    for (let k = 0; k < count; k++) {
      const j = index.found[k];
      const m = Math.fround(index.foundKm[k] * perKm);
      if (m < this.minutes || (m === this.minutes && j < this.site)) {
        this.site = j;
        this.minutes = m;
      }
    }
    this.#typicalKm = 0.875 * this.#typicalKm + 0.125 * nearestKm;
  }
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** A configured straight-line travel provider (a value you can pass around). */
export function crowFly(options: CrowFlyOptions = {}): CrowFly {
  return new CrowFly(options);
}
