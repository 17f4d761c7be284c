import type { Highs } from 'highs';
import { CareshedError } from '../model/errors.js';

type Loader = (options?: object) => Promise<Highs>;

/**
 * The package's name in a variable, not a literal in `import()`: bundlers then leave HiGHS out of the browser
 * entry (its WebAssembly loader imports node: modules), so apps that only use the heuristics do not carry it.
 * Node resolves it from node_modules as usual.
 */
const HIGHS_PACKAGE = 'highs';

let loading: Promise<Highs> | undefined;

/**
 * The HiGHS solver (WebAssembly, npm package highs), loaded once, on first use. highs ships one declaration
 * file for its ES and CommonJS builds, so the loader is found at `default` or `default.default`. Where the
 * package cannot be loaded (a browser page without it), the error says so and `site()` in auto mode falls
 * back to the heuristic.
 */
export function loadHighs(): Promise<Highs> {
  if (!loading) {
    loading = (import(/* @vite-ignore */ /* webpackIgnore: true */ HIGHS_PACKAGE) as Promise<{ default: Loader | { default: Loader } }>)
      .then((module) => {
        const exported = module.default;
        const loader = typeof exported === 'function' ? exported : exported.default;
        return loader();
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw new CareshedError('SOLVER_UNAVAILABLE', `the exact solver HiGHS (npm package "highs") could not be loaded: ${(error as Error).message ?? String(error)}`, { field: 'solver', value: 'exact' });
      });
  }
  return loading;
}

export type { Highs };
