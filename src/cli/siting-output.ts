import type { Demand, Sites } from '../model/points.js';
import type { SiteResult } from '../siting/site.js';
import { count, int, pct } from './output.js';

/** What `runSiting` returns that the outputs need. */
export interface SitingRun {
  demand: Demand;
  sites: Sites;
  targetMinutes: number;
  result: SiteResult;
  userIds: readonly string[];
  atExisting: readonly (string | null)[];
  names: readonly string[];
  /** What MCLP counted at each demand point, when not everyone (--need). */
  need?: { measure: string } | null;
}

/** One chosen site as the outputs show it: the id of its own file, its name, and the existing site it stands at. */
export interface SitingRow {
  id: string;
  name: string;
  order: number;
  gain: number;
  /** The existing site with this candidate's id or position, or null: a new centre where one already is. */
  atExistingSite: string | null;
}

/** The chosen sites with the user's ids (a candidate at an existing site is keyed apart inside the run). */
export function sitingRows(run: SitingRun): SitingRow[] {
  return run.result.selected.map((s) => {
    const j = run.sites.indexOf(s.id);
    return { id: run.userIds[j], name: run.names[j], order: s.order, gain: s.gain, atExistingSite: run.atExisting[j] };
  });
}

/**
 * What a site's gain counts, by model: MCLP, LSCP and p-center, the people (or need) newly within the target;
 * CMCLP, the people newly given a place; p-median, the inhabitant-minutes saved.
 *
 * @example
 * gainUnit('pmedian', 15); // "inhabitant-minutes saved"
 */
export function gainUnit(model: string, targetMinutes: number, need?: string): string {
  if (model === 'pmedian') return 'inhabitant-minutes saved';
  if (model === 'cmclp') return `people newly given a place within ${targetMinutes} min`;
  if (model === 'mclp' && need === 'unmet') return `people without a GP place newly within ${targetMinutes} min`;
  if (model === 'mclp' && need === 'low-apl') return `people of under-served areas newly within ${targetMinutes} min`;
  return `inhabitants newly within ${targetMinutes} min`;
}

/** A few lines for standard error: the objective in words, with its unit, and the first sites by name. */
export function sitingSummary(command: string, run: SitingRun, rows: readonly SitingRow[]): string[] {
  const { result, targetMinutes, demand } = run;
  const objective =
    result.model === 'mclp' || result.model === 'cmclp'
      ? `${int(result.objective)} inhabitants ${result.model === 'cmclp' ? 'given a place' : ''} within ${targetMinutes} min (${pct(result.objective / demand.totalPopulation)})`.replace('  ', ' ')
      : result.model === 'lscp'
        ? `${count(result.objective, 'new site covers', 'new sites cover')} every point that can be covered`
        : result.model === 'pmedian'
          ? `${int(result.objective)} inhabitant-minutes to the nearest open site (mean ${(result.objective / demand.totalPopulation).toFixed(1)} min)`
          : `every demand point within ${result.objective.toFixed(1)} min of an open site (the largest minutes)`;
  const unit = gainUnit(result.model, targetMinutes, run.need?.measure);
  const first = rows.slice(0, 5).map((r, k) => `  ${r.order}. ${r.name}${r.name === r.id ? '' : ` (${r.id})`}${r.atExistingSite ? ` at existing ${r.atExistingSite}` : ''}: +${int(r.gain)}${k === 0 ? ` ${unit}` : ''}`);
  return [`careshed ${command}: ${result.model.toUpperCase()}, ${count(rows.length, 'new site')} (${result.status}): ${objective}`, ...first, ...(rows.length > 5 ? [`  … ${rows.length - 5} more`] : [])];
}
