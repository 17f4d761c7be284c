import { parseTable } from '../io/table.js';
import { readText } from '../node/files.js';
import { count } from './output.js';

/** Whether a sites file has the capacity column (CSV) or property (GeoJSON, on any feature). */
function hasCapacity(path: string, field: string): boolean {
  const text = readText(path);
  if (/\.(geo)?json$/i.test(path)) {
    const collection = JSON.parse(text.replace(/^\uFEFF/, '')) as { features?: { properties?: Record<string, unknown> | null }[] };
    return (collection.features ?? []).some((f) => f?.properties != null && field in f.properties);
  }
  return parseTable(text, path).columns.includes(field);
}

/**
 * Says on standard error which sites files have no capacity column, so that each of their sites counts as 1
 * GP: an APL, a number of places or a ranking then rests on that, and a planner should know. Only a set whose
 * capacities are all 1 is looked at again (a file with a capacity column of ones is left unsaid).
 *
 * @example
 * warnUnitCapacity('access', [{ path: 'centres.csv', capacity: centres.capacity }], console.error);
 * // careshed access: centres.csv has no capacity column: each of its 8 sites counts as 1 GP
 */
export function warnUnitCapacity(command: string, files: readonly { path: string | undefined; capacity: ArrayLike<number>; field?: string }[], warn: (line: string) => void): void {
  for (const { path, capacity, field = 'capacity' } of files) {
    if (path === undefined || capacity.length === 0 || !Array.prototype.every.call(capacity, (c: number) => c === 1)) continue;
    if (hasCapacity(path, field)) continue;
    const sites = capacity.length === 1 ? 'its one site counts' : `each of its ${count(capacity.length, 'site')} counts`;
    warn(`careshed ${command}: ${path} has no ${field} column: ${sites} as 1 GP`);
  }
}
