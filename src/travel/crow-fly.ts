import { checkNumberOption } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { PointIndex } from '../geo/point-index.js';
import type { ReachOptions, TravelProvider } from './provider.js';
import { ReachTable, ReachTableBuilder } from './reach-table.js';

export interface CrowFlyOptions {
  /** Mean door-to-door driving speed along the road, km/h. Default 60. */
  speedKmh?: number;
  /** Road km per straight-line km (circuity). Default 1.3. */
  detour?: number;
}

/** Default speed and detour: see the README's "Travel models" section for where they come from. */
export const CROW_FLY_DEFAULTS = { speedKmh: 60, detour: 1.3 } as const;

/**
 * Settings fitted to real networks by `calibrateCrowFly` (examples/calibrate-crow-fly.ts): `mountain` on
 * Andorra's roads (detour 1.82, 48.9 km/h), `urban` on Toulouse's streets (1.44, 47.7 km/h), rounded;
 * `lowland` is the default, for rural plains and hills.
 */
export const CROW_FLY_PRESETS = {
  lowland: CROW_FLY_DEFAULTS,
  mountain: { speedKmh: 49, detour: 1.8 },
  urban: { speedKmh: 48, detour: 1.45 },
} as const;

/**
 * Straight-line travel: minutes = great-circle km × detour ÷ speed × 60. With the defaults (60 km/h,
 * detour 1.3), 15 minutes reach 11.5 km as the crow flies.
 *
 * @example
 * const travel = crowFly({ speedKmh: 50 });
 * const reach = travel.reach(demand, sites, { maxMinutes: 30 });
 */
export class CrowFly implements TravelProvider {
  readonly speedKmh: number;
  readonly detour: number;

  constructor(options: CrowFlyOptions = {}) {
    this.speedKmh = checkNumberOption('speedKmh', options.speedKmh ?? CROW_FLY_DEFAULTS.speedKmh, Number.MIN_VALUE);
    this.detour = checkNumberOption('detour', options.detour ?? CROW_FLY_DEFAULTS.detour, 1);
  }

  get name(): string {
    return `crow:${this.speedKmh}:${this.detour}`;
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
   * The reach table within `maxMinutes`, from one spatial-index query per demand point (never all pairs),
   * and each demand point's nearest site at any distance.
   */
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable {
    const maxMinutes = checkNumberOption('maxMinutes', options.maxMinutes, 0);
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
      if (found === 0) {
        const nearest = index.nearest(lon, lat);
        builder.endRow({ site: nearest.index, minutes: this.minutes(nearest.km) });
      } else {
        builder.endRow();
      }
    }
    return builder.finish();
  }
}

/** A configured straight-line travel provider (a value you can pass around). */
export function crowFly(options: CrowFlyOptions = {}): CrowFly {
  return new CrowFly(options);
}
