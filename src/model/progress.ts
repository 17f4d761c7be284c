import { checkArgument } from './arguments.js';
/** How far a long step has gone: `done` of `total` (null when the total is not known ahead). */
export interface ProgressEvent {
  /** What is being done, e.g. "reading roads", "shortest paths", "exact solve (HiGHS)". */
  step: string;
  done: number;
  total: number | null;
  /** What done counts: "searches", "MB", "moves"... */
  unit: string;
}

/** Called as a long step advances; the last call of a step has done = total (or `finished`). */
export type Progress = (event: ProgressEvent & { finished?: boolean }) => void;

/**
 * A ticker for one step: `tick(done)` reports at most every percent of the total (or every `every` units
 * when the total is unknown), `end()` reports the step finished. Does nothing without a callback.
 */
export function progressTicker(onProgress: Progress | undefined, step: string, total: number | null, unit: string, every = 1) {
  checkArgument('progressTicker', 'onProgress', onProgress, onProgress === undefined || typeof onProgress === 'function', 'a function told of each step, or undefined');
  checkArgument('progressTicker', 'step', step, typeof step === 'string', 'the name of the step (text)');
  checkArgument('progressTicker', 'total', total, total === null || (typeof total === 'number' && total >= 0), 'a number of items, or null when unknown');
  checkArgument('progressTicker', 'unit', unit, typeof unit === 'string', 'what is counted (text)');
  let next = 0;
  const stride = total ? Math.max(1, total / 100) : every;
  let last = 0;
  return {
    tick(done: number) {
      last = done;
      if (!onProgress || done < next) return;
      next = done + stride;
      onProgress({ step, done, total, unit });
    },
    end() {
      onProgress?.({ step, done: total ?? last, total, unit, finished: true });
    },
  };
}
