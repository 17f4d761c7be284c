/**
 * What the report's map can show, each a layer of five classes on one colour ramp (the darker, the better
 * served), computed from one state's figures: time to the nearest centre, the share of people without a
 * place, and the APL. Browser-safe; the page recolours the map with the same classes Node drew it with.
 */
import { ACCESS_RAMP, NO_DATA } from './palette.js';
import type { MapClass } from './map.js';
import type { StateFigures } from './frame.js';
import type { Terms } from './words.js';
import { int } from '../model/figures.js';

export type LayerKey = 'centre' | 'places' | 'apl';

export interface Layer {
  key: LayerKey;
  /** The button's words. */
  name: string;
  /** The legend's heading. */
  title: string;
  /** Worst first; the darkest is the best served. */
  classes: MapClass[];
  /** The classes from `at` up are on the good side of a line (the target), named for the legend ("within 15 minutes", "beyond"). */
  split?: { at: number; below: string; above: string };
  /** Class of study point i in this state. */
  classify(figures: StateFigures, population: ArrayLike<number>, i: number): number;
  /** The figure behind the class, in words, for a tooltip. */
  describe(figures: StateFigures, population: ArrayLike<number>, i: number): string;
}

const fmtMinutes = (m: number) => (Number.isFinite(m) ? `${m.toFixed(1)} min` : 'none reachable');

/** Travel bands around the target: ≤ 2/3, ≤ target, ≤ 4/3, ≤ 2 × target, beyond (10, 15, 20, 30 for 15). */
export function travelBreaks(target: number): number[] {
  const round = (x: number) => Math.round(x * 10) / 10;
  return [round((2 * target) / 3), target, round((4 * target) / 3), 2 * target];
}

/** The map's layers for a target and the page's terms. */
export function mapLayers(target: number, terms: Terms, aplThreshold: number): Layer[] {
  const breaks = travelBreaks(target);
  const travelLabels = [`> ${breaks[3]} min`, `${breaks[2]}–${breaks[3]} min`, `${breaks[1]}–${breaks[2]} min`, `${breaks[0]}–${breaks[1]} min`, `≤ ${breaks[0]} min`];
  const placeBreaks = [0.5, 0.25, 0.1, 0];
  const aplBreaks = [1.5, aplThreshold, 3.5, 4.5];
  return [
    {
      key: 'centre',
      name: `Time to a ${terms.centre}`,
      title: `Minutes to the nearest open ${terms.centre}`,
      classes: travelLabels.map((label, k) => ({ label, colour: ACCESS_RAMP[k] })),
      split: { at: 3, below: `beyond ${target} minutes`, above: `within ${target} minutes (the target)` },
      classify: (f, _p, i) => {
        const m = f.centres.minutes[i];
        if (Number.isNaN(m)) return NO_DATA;
        for (let k = 0; k < 4; k++) if (m <= breaks[k]) return 4 - k;
        return 0;
      },
      describe: (f, _p, i) => `${fmtMinutes(f.centres.minutes[i])} to the nearest ${terms.centre}`,
    },
    {
      key: 'places',
      name: `${terms.place[0].toUpperCase()}${terms.place.slice(1)}s`,
      title: `Share of people without a ${terms.place} within ${target} minutes`,
      classes: ['over 50 %', '25–50 %', '10–25 %', 'under 10 %', 'none: all have one'].map((label, k) => ({ label, colour: ACCESS_RAMP[k] })),
      classify: (f, p, i) => {
        if (!(p[i] > 0)) return NO_DATA;
        const share = f.evaluation.capacity.unserved[i] / p[i];
        if (share <= 1e-9) return 4;
        for (let k = 0; k < 3; k++) if (share > placeBreaks[k]) return k;
        return 3;
      },
      describe: (f, p, i) => `${int(f.evaluation.capacity.unserved[i])} of ${int(p[i])} without a ${terms.place} within ${target} min`,
    },
    {
      key: 'apl',
      name: 'APL',
      title: 'APL: GP consultations within reach per inhabitant a year',
      classes: [`< ${aplBreaks[0]} or no ${terms.gp} in 20 min`, `${aplBreaks[0]}–${aplBreaks[1]}`, `${aplBreaks[1]}–${aplBreaks[2]}`, `${aplBreaks[2]}–${aplBreaks[3]}`, `≥ ${aplBreaks[3]}`].map((label, k) => ({ label, colour: ACCESS_RAMP[k] })),
      split: { at: 2, below: `under-served (under ${aplThreshold})`, above: `not under-served` },
      classify: (f, _p, i) => {
        const v = f.evaluation.access.value[i];
        if (!(v >= aplBreaks[0])) return 0;
        let k = 1;
        while (k < 4 && v >= aplBreaks[k]) k++;
        return k;
      },
      describe: (f, _p, i) => {
        const v = f.evaluation.access.value[i];
        return Number.isNaN(v) ? `no ${terms.gp} within 20 minutes` : `APL ${v.toFixed(2)}`;
      },
    },
  ];
}
