import { CareshedError, nearestName } from '../model/errors.js';
import { parseDecimal } from '../model/decimal.js';
import { quote } from '../model/quote.js';

/**
 * A distance-decay function: the weight of a site at `t` minutes, 0 beyond `max` (inclusive cutoff).
 * Factories below return these values; pass one, or several to get one result per decay in one pass.
 */
export interface Decay {
  /** How it is written on the command line, e.g. "gravity:1.5:30". */
  readonly name: string;
  /** Beyond this many minutes the weight is 0. */
  readonly max: number;
  weight(minutes: number): number;
}

function positive(name: string, value: number, what: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new CareshedError('INVALID_OPTION', `${what} must be a positive number`, { field: name, value });
  return value;
}

function cutoff(value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (typeof value !== 'number' || !(value >= 0)) throw new CareshedError('INVALID_OPTION', 'the cutoff of a decay must be a number of minutes >= 0', { field: 'decay.max', value });
  return value;
}

/** 1 within `max` minutes (inclusive), 0 beyond: the classic 2SFCA catchment. */
export function binaryDecay(max: number): Decay {
  const m = cutoff(max);
  if (!Number.isFinite(m)) throw new CareshedError('INVALID_OPTION', 'a binary decay needs a finite cutoff', { field: 'decay.max', value: max });
  return { name: `binary:${m}`, max: m, weight: (t) => (t <= m ? 1 : 0) };
}

/**
 * Steps: `[[10, 1], [15, 2/3], [20, 1/3]]` gives 1 up to 10 minutes, 2/3 up to 15, 1/3 up to 20, 0 beyond
 * (each bound inclusive). Bounds must increase and weights must not: a step decay never rewards distance.
 */
export function stepDecay(steps: readonly (readonly [number, number])[]): Decay {
  if (!Array.isArray(steps) || steps.some((s) => !Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'number' || typeof s[1] !== 'number')) {
    throw new CareshedError('INVALID_OPTION', 'a step decay takes a list of [minutes, weight] pairs of numbers, e.g. [[10, 1], [15, 0.6667]]', { field: 'decay', value: steps });
  }
  if (steps.length === 0) throw new CareshedError('INVALID_OPTION', 'a step decay needs at least one step', { field: 'decay' });
  steps.forEach(([upTo, w], k) => {
    if (!(upTo >= 0) || !(w >= 0) || !(w <= 1)) throw new CareshedError('INVALID_OPTION', 'each step needs minutes >= 0 and a weight in [0, 1]', { field: 'decay', value: `${upTo}=${w}` });
    if (k > 0 && upTo <= steps[k - 1][0]) throw new CareshedError('INVALID_OPTION', 'step bounds must increase', { field: 'decay', value: steps.map((s) => s[0]).join(',') });
    if (k > 0 && w > steps[k - 1][1]) {
      throw new CareshedError('INVALID_OPTION', `step weights must not increase with time (${steps[k - 1][1]} up to ${steps[k - 1][0]} min, then ${w})`, { field: 'decay', value: `${upTo}=${w}` });
    }
  });
  const bounds = steps.map((s) => s[0]);
  const weights = steps.map((s) => s[1]);
  return {
    name: `step:${steps.map(([u, w]) => `${u}=${w}`).join(',')}`,
    max: bounds[bounds.length - 1],
    weight: (t) => {
      for (let k = 0; k < bounds.length; k++) if (t <= bounds[k]) return weights[k];
      return 0;
    },
  };
}

/** 1 − t/max, down to 0 at `max`. */
export function linearDecay(max: number): Decay {
  const m = positive('decay.max', max, 'the cutoff of a linear decay');
  return { name: `linear:${m}`, max: m, weight: (t) => (t <= m ? 1 - t / m : 0) };
}

/** e^(−rate·t), cut at `max`. */
export function exponentialDecay(rate: number, max?: number): Decay {
  const r = positive('decay.rate', rate, 'the rate of an exponential decay');
  const m = cutoff(max);
  return { name: `exponential:${r}${max === undefined ? '' : `:${m}`}`, max: m, weight: (t) => (t <= m ? Math.exp(-r * t) : 0) };
}

/** e^(−t²/(2·width²)), cut at `max`. */
export function gaussianDecay(width: number, max?: number): Decay {
  const w = positive('decay.width', width, 'the width of a gaussian decay');
  const m = cutoff(max);
  return { name: `gaussian:${w}${max === undefined ? '' : `:${m}`}`, max: m, weight: (t) => (t <= m ? Math.exp(-(t * t) / (2 * w * w)) : 0) };
}

/**
 * Gravity (power): t^−β, cut at `max`. Times under `floor` minutes (default 1) count as `floor`, so that a
 * site in the same place does not weigh infinitely.
 */
export function gravityDecay(beta: number, max?: number, floor = 1): Decay {
  const b = positive('decay.beta', beta, 'the exponent of a gravity decay');
  const m = cutoff(max);
  const f = positive('decay.floor', floor, 'the floor of a gravity decay');
  return { name: `gravity:${b}${max === undefined ? '' : `:${m}`}`, max: m, weight: (t) => (t <= m ? Math.max(t, f) ** -b : 0) };
}

/**
 * Decays from their command-line spelling: `binary:30`, `step:10=1,15=0.6667,20=0.3333`, `linear:30`,
 * `exponential:0.1[:MAX]`, `gaussian:10[:MAX]`, `gravity:1.5[:MAX]`. A parameter may list several values
 * separated by `|` (`gravity:1|1.5|2:30`): one decay each.
 *
 * @example
 * parseDecay('gravity:1|2:30').map((d) => d.name); // ["gravity:1:30", "gravity:2:30"]
 */
export function parseDecay(spec: string): Decay[] {
  if (typeof spec !== 'string') throw new CareshedError('INVALID_OPTION', `a decay spec is a text: ${DECAY_FORMS}`, { field: 'decay', value: spec });
  const [kind, first = '', second, ...extra] = spec.split(':');
  const numbers = (text: string, what: string) =>
    text.split('|').map((part) => {
      // Decimal only: "0x1e" or "Infinity" is a slip, never a cutoff.
      const value = parseDecimal(part);
      if (value === undefined) throw new CareshedError('INVALID_OPTION', `${what} ${quote(part)} is not a number in decimal`, { field: 'decay', value: spec });
      return value;
    });
  if (!DECAY_KINDS.includes(kind)) {
    const near = kind.length <= 60 ? nearestName(kind, DECAY_KINDS) : undefined;
    throw new CareshedError('INVALID_OPTION', `unknown decay ${quote(kind)}${near ? ` (did you mean ${near}?)` : ''}; expected ${DECAY_FORMS}`, { field: 'decay', value: spec });
  }
  const takesMax = kind !== 'binary' && kind !== 'linear' && kind !== 'step';
  if (extra.length > 0 || (second !== undefined && !takesMax)) {
    throw new CareshedError('INVALID_OPTION', `too many parts; expected ${DECAY_FORMS}`, { field: 'decay', value: spec });
  }
  const max = second === undefined ? undefined : numbers(second, 'cutoff')[0];
  switch (kind) {
    case 'binary':
      return numbers(first, 'cutoff').map(binaryDecay);
    case 'linear':
      return numbers(first, 'cutoff').map(linearDecay);
    case 'exponential':
      return numbers(first, 'rate').map((r) => exponentialDecay(r, max));
    case 'gaussian':
      return numbers(first, 'width').map((w) => gaussianDecay(w, max));
    case 'gravity':
    case 'power':
      return numbers(first, 'exponent').map((b) => gravityDecay(b, max));
    default: {
      const steps = first.split(',').map((pair) => {
        const [upTo, weight, ...more] = pair.split('=');
        if (pair.includes('|')) throw new CareshedError('INVALID_OPTION', `step ${quote(pair)} lists several values; a step decay takes one weight per bound`, { field: 'decay', value: spec });
        if (more.length > 0) throw new CareshedError('INVALID_OPTION', `step ${quote(pair)} has more than one "="; expected MINUTES=WEIGHT`, { field: 'decay', value: spec });
        const [u] = numbers(upTo ?? '', 'step bound');
        const [w] = numbers(weight ?? '', 'step weight');
        return [u, w] as const;
      });
      return [stepDecay(steps)];
    }
  }
}

const DECAY_KINDS: readonly string[] = ['binary', 'step', 'linear', 'exponential', 'gaussian', 'gravity', 'power'];
const DECAY_FORMS = 'binary:MAX, step:10=1,15=0.6667,20=0.3333, linear:MAX, exponential:RATE[:MAX], gaussian:WIDTH[:MAX] or gravity:BETA[:MAX]';
