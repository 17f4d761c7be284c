import type { Progress } from '../model/progress.js';
import type { TravelProvider } from '../travel/provider.js';
import type { ReachTable } from '../travel/reach-table.js';
import type { Demand } from '../model/points.js';
import { NetworkTravel } from '../travel/network/network-travel.js';
import { OsrmTravel } from '../travel/osrm.js';
import { MatrixFileTravel } from '../node/matrix-file.js';
import { suspectUnit } from '../travel/matrix.js';
import { travelFromSpecNode } from '../node/travel-spec.js';
import { optionValue } from './usage.js';
import { matrixColumnsOption, travelOption } from './options.js';
import { int } from './output.js';

export const travelOptions = {
  travel: { type: 'string' },
  'matrix-columns': { type: 'string' },
  seconds: { type: 'boolean' },
} as const;

export const travelHelp = `  --travel SPEC            crow (default: straight lines at 45 km/h × 1.5 detour, 2.0 min per km, fitted on
                           real roads and DREES APL), crow:SPEED_KMH:DETOUR, crow:regional|urban|mountain|lowland
                           (presets), network:FILE[,maxspeed=F] (.geojson, .osm, .osm.pbf, *_arcs.csv; cars
                           drive F × the posted maxspeed, default 0.8 as OSRM), matrix:FILE[,unit=U] (CSV,
                           .csv.gz or .parquet from,to,minutes, or OSRM table JSON; U seconds, minutes or
                           hours, default minutes), osrm:URL[,timeout=SECONDS][,retries=N][,resume=FILE] (an
                           OSRM server; each request waits SECONDS, default 30, and is tried N more times,
                           default 2; FILE keeps the batches done: a run stopped starts again after them).
                           Numbers in decimal only (no 0x3c; 1e3 only where a fraction may be). With a matrix,
                           lon and lat are optional (points go by id; maps need them), the matrix is its own
                           cutoff unless one is given, and standard error says how many demand points have
                           no pair within the cutoff, and when the values look like seconds or metres (median
                           over 600 or largest over 1,440: minutes that a regional study never sees)
  --matrix-columns A,B,C   origin, destination and time columns of a matrix CSV
  --seconds                the matrix times are seconds (as matrix:FILE,unit=seconds)`;

const list = (ids: readonly string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, … (${int(ids.length)} in all)` : ''}`;
/** "1 matrix row starts", "2 matrix rows start": the noun and the verb agreeing with the count. */
const counted = (n: number, one: string, many: string) => `${int(n)} ${n === 1 ? one : many}`;

/** The travel provider of --travel, with the road network's leftovers reported as warnings. */
export async function resolveTravel(command: string, values: { travel?: string; 'matrix-columns'?: string; seconds?: boolean }, warn: (line: string) => void, onProgress?: Progress): Promise<TravelProvider> {
  const columns = matrixColumnsOption(command, values['matrix-columns']);
  const spec = values.travel ?? 'crow';
  if (values.travel !== undefined) travelOption(command, spec);
  // What only reading can check (a network's maxspeed factor) is bad usage too; a missing file is bad input.
  // (Awaited inside: optionValue alone would miss the rejection of the promise.)
  let resolved;
  try {
    resolved = await travelFromSpecNode(spec, { columns, seconds: values.seconds, onProgress });
  } catch (error) {
    optionValue(command, 'travel', spec, () => {
      throw error;
    });
  }
  const { travel, networkReport } = resolved!;
  if (networkReport) {
    const out = networkReport.leftOut;
    warn(
      `careshed ${command}: road network of ${int(networkReport.nodes)} nodes and ${int(networkReport.arcs)} arcs from ${int(networkReport.waysUsed)} of ${int(networkReport.ways)} ways; left out: ${int(out.notHighway)} not highways, ${int(out.closedToCars)} closed to cars, ${int(out.noCarAccess)} without car access, ${int(out.unknownHighway)} unknown highway classes, ${int(out.tooShort + out.notALine)} not lines`,
    );
    if (networkReport.missingNodeRefs > 0) {
      const ways = networkReport.waysCut + out.missingNodes;
      warn(
        `careshed ${command}: ${counted(ways, 'road refers', 'roads refer')} to ${counted(networkReport.missingNodeRefs, 'node', 'nodes')} missing from the file (an extract cut at its border?): ${int(networkReport.waysCut)} kept up to the gap, ${int(out.missingNodes)} left out (no two known nodes in a row)`,
      );
    }
    const unknown = Object.keys(networkReport.unknownHighway);
    if (unknown.length) warn(`careshed ${command}: unknown highway values left out: ${list(unknown)}`);
    const maxspeed = Object.keys(networkReport.maxspeedUnparsed);
    if (maxspeed.length) warn(`careshed ${command}: maxspeed values that did not parse (class speed used): ${list(maxspeed)}`);
  }
  return travel;
}

/** After a reach: the points the provider could not place, and what a matrix held that fit nothing. */
export function reportTravel(command: string, travel: TravelProvider, warn: (line: string) => void): void {
  if (travel instanceof NetworkTravel && travel.lastReport) {
    const { demand, sites } = travel.lastReport;
    if (demand.unsnapped.length) warn(`careshed ${command}: ${counted(demand.unsnapped.length, 'demand point is', 'demand points are')} too far from the road network and reach nothing: ${list(demand.unsnapped)}`);
    if (sites.unsnapped.length) warn(`careshed ${command}: ${counted(sites.unsnapped.length, 'site is', 'sites are')} too far from the road network and ${sites.unsnapped.length === 1 ? 'is' : 'are'} reached by nothing: ${list(sites.unsnapped)}`);
    const moved = demand.movedToMainNetwork.length + sites.movedToMainNetwork.length;
    if (moved) warn(`careshed ${command}: ${counted(moved, 'point was', 'points were')} nearest to roads cut off from the network and joined it farther away`);
  }
  const matrix = travel instanceof MatrixFileTravel || travel instanceof OsrmTravel ? travel.lastReport : undefined;
  if (matrix) {
    // Codes saved as numbers: "9001" for "09001".
    const zeros = (pair?: [string, string]) => (pair ? `; such ids match once leading zeros are ${pair[0].length < pair[1].length ? 'put back' : 'taken off'} ("${pair[0]}" is "${pair[1]}"): saved as numbers by a spreadsheet?` : '');
    if (matrix.unknownFrom.count) warn(`careshed ${command}: ${counted(matrix.unknownFrom.count, 'matrix row starts', 'matrix rows start')} at no demand point (e.g. ${matrix.unknownFrom.examples.join(', ')})${zeros(matrix.unknownFrom.lostZeros)}`);
    if (matrix.unknownTo.count) warn(`careshed ${command}: ${counted(matrix.unknownTo.count, 'matrix row ends', 'matrix rows end')} at no site (e.g. ${matrix.unknownTo.examples.join(', ')})${zeros(matrix.unknownTo.lostZeros)}`);
    if (matrix.noRoute) warn(`careshed ${command}: ${counted(matrix.noRoute, 'matrix row has', 'matrix rows have')} no route`);
    const unit = travel instanceof MatrixFileTravel && !travel.unitGiven ? suspectUnit(matrix.values) : undefined;
    if (unit) warn(`careshed ${command}: ${unit}`);
    if (matrix.demandWithoutRows.length) warn(`careshed ${command}: ${counted(matrix.demandWithoutRows.length, 'demand point has', 'demand points have')} no row in the matrix and ${matrix.demandWithoutRows.length === 1 ? 'reaches' : 'reach'} nothing: ${list(matrix.demandWithoutRows)}`);
  }
}

/** The longest minutes of a table's pairs (0 for none): what reaching nothing costs when a matrix keeps every pair. */
export function longestPair(reach: ReachTable): number {
  let longest = 0;
  for (let k = 0; k < reach.minutes.length; k++) if (reach.minutes[k] > longest) longest = reach.minutes[k];
  return longest;
}

/**
 * Says how many demand points, and how many people, have no pair in the table within its cutoff: they reach no
 * site there (uncovered; in p-median and p-center they cost the cost of reaching nothing), which a matrix that
 * does not hold them, or a cutoff too short for it, makes silently otherwise.
 */
export function reportUnreached(command: string, reach: ReachTable, demand: Demand, warn: (line: string) => void): void {
  const ids: string[] = [];
  let people = 0;
  for (let i = 0; i < reach.demandCount; i++) {
    if (reach.offsets[i + 1] > reach.offsets[i]) continue;
    ids.push(demand.ids[i]);
    people += demand.population[i];
  }
  if (ids.length === 0) return;
  const within = reach.maxMinutes === Infinity ? 'at all' : `within ${reach.maxMinutes} min, the table's cutoff`;
  warn(`careshed ${command}: ${counted(ids.length, 'demand point', 'demand points')} (${counted(Math.round(people), 'inhabitant', 'inhabitants')}) ${ids.length === 1 ? 'has' : 'have'} no pair ${within}, and ${ids.length === 1 ? 'reaches' : 'reach'} no site there: ${list(ids)}`);
}
