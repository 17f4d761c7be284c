import { fixedIndices, type SitingProblem } from './problem.js';
import { lscpExact, lscpHeuristic } from './lscp.js';
import type { MipOptions, StoppedBy } from './mip.js';

export interface CenterSolution {
  open: number[];
  /** The largest cost from a demand point (weight > 0) to its nearest open site. */
  objective: number;
  /** For the exact solver: proven optimal, or the best found within the limits. */
  status: 'optimal' | 'feasible' | 'heuristic';
  /** For the exact solver: what stopped the last set-covering solve that did not prove its answer ('gap' when all did). */
  stoppedBy: StoppedBy | null;
}

/** The largest cost from a demand point with weight > 0 to its nearest open site (beyondCost when none in the table). */
export function centerCost(problem: SitingProblem, open: readonly number[]): number {
  const isOpen = new Uint8Array(problem.siteCount);
  for (const j of [...fixedIndices(problem), ...open]) isOpen[j] = 1;
  let worst = 0;
  for (let i = 0; i < problem.demandCount; i++) {
    if (problem.weight[i] <= 0) continue;
    let nearest = problem.beyondCost;
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) {
      if (isOpen[problem.site[k]]) {
        nearest = Math.min(problem.cost[k], problem.beyondCost);
        break;
      }
    }
    worst = Math.max(worst, nearest);
  }
  return worst;
}

/** The distinct costs of the table (and beyondCost), ascending: the radii an optimal p-center can have. */
function radii(problem: SitingProblem): number[] {
  const set = new Set<number>([problem.beyondCost]);
  for (const c of problem.cost) if (c <= problem.beyondCost) set.add(c);
  return [...set].sort((a, b) => a - b);
}

/**
 * p-center by the radius search of Minieka (1970): the smallest radius r such that p sites cover every
 * demand point within r; covering is set covering, tested by greedy LSCP (heuristic) or exact LSCP (HiGHS),
 * with a binary search over the distinct costs. Demand points with zero weight do not count.
 */
export async function pcenter(problem: SitingProblem, p: number, solver: 'heuristic' | 'exact', options: MipOptions = {}): Promise<CenterSolution> {
  const r = radii(problem);
  let stoppedBy: StoppedBy = 'gap';
  const test = async (radius: number): Promise<number[] | null> => {
    const greedy = lscpHeuristic(problem, radius, { ignoreZeroWeight: true });
    if (greedy.uncoverable.length > 0) return null;
    if (solver === 'heuristic' || greedy.open.length <= p) return greedy.open.length <= p ? greedy.open : null;
    const exact = await lscpExact(problem, radius, greedy.open, { ...options, ignoreZeroWeight: true });
    if (exact.stoppedBy !== 'gap') stoppedBy = exact.stoppedBy;
    return exact.open.length <= p ? exact.open : null;
  };
  let low = 0;
  let high = r.length - 1;
  let best = await test(r[high]);
  while (low < high) {
    const mid = (low + high) >> 1;
    const found = await test(r[mid]);
    if (found) {
      best = found;
      high = mid;
    } else low = mid + 1;
  }
  // More sites never raise the radius: fill up to p with the first candidates left.
  const open = [...(best ?? [])];
  for (let j = 0; j < problem.siteCount && open.length < p; j++) if (problem.candidate[j] && !open.includes(j)) open.push(j);
  const heuristic = solver === 'heuristic';
  return { open, objective: centerCost(problem, open), status: heuristic ? 'heuristic' : stoppedBy === 'gap' ? 'optimal' : 'feasible', stoppedBy: heuristic ? null : stoppedBy };
}
