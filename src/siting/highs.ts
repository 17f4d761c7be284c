import * as highsModule from 'highs';
import type { Highs } from 'highs';

type Loader = (options?: object) => Promise<Highs>;

let loading: Promise<Highs> | undefined;

/**
 * The HiGHS solver (WebAssembly), loaded once. highs ships one declaration file for its ES and CommonJS
 * builds, so the loader is found at `default` or at `default.default` depending on how it was imported.
 */
export function loadHighs(): Promise<Highs> {
  if (!loading) {
    const exported = (highsModule as unknown as { default: Loader | { default: Loader } }).default;
    const loader = typeof exported === 'function' ? exported : exported.default;
    loading = loader();
  }
  return loading;
}

export type { Highs };
