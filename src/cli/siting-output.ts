import type { Demand, Sites } from '../model/points.js';
import type { SiteResult } from '../siting/site.js';
import { int, pct } from './output.js';

/** What `runSiting` returns that the outputs need. */
export interface SitingRun {
  demand: Demand;
  sites: Sites;
  targetMinutes: number;
  result: SiteResult;
  userIds: readonly string[];
  atExisting: readonly (string | null)[];
  names: readonly string[];
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

/** A few lines for standard error: the objective in words and the first sites by name. */
export function sitingSummary(command: string, run: SitingRun, rows: readonly SitingRow[]): string[] {
  const { result, targetMinutes, demand } = run;
  const objective =
    result.model === 'mclp' || result.model === 'cmclp'
      ? `${int(result.objective)} inhabitants ${result.model === 'cmclp' ? 'served' : ''} within ${targetMinutes} min (${pct(result.objective / demand.totalPopulation)})`.replace('  ', ' ')
      : result.model === 'lscp'
        ? `${int(result.objective)} new sites cover every point that can be covered`
        : result.model === 'pmedian'
          ? `${int(result.objective)} inhabitant-minutes to the nearest open site (mean ${(result.objective / demand.totalPopulation).toFixed(1)} min)`
          : `every demand point within ${result.objective.toFixed(1)} min of an open site`;
  const first = rows.slice(0, 5).map((r) => `  ${r.order}. ${r.name}${r.name === r.id ? '' : ` (${r.id})`}${r.atExistingSite ? ` at existing ${r.atExistingSite}` : ''}: +${int(r.gain)}`);
  return [`careshed ${command}: ${result.model.toUpperCase()}, ${rows.length} new sites (${result.status}): ${objective}`, ...first, ...(rows.length > 5 ? [`  … ${rows.length - 5} more`] : [])];
}
