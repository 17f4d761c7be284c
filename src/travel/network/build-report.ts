/** What building a road network kept and left out, in counts: nothing is dropped silently. */
export interface NetworkBuildReport {
  /** Ways (or arcs of a table) read. */
  ways: number;
  /** Ways that became arcs. */
  waysUsed: number;
  nodes: number;
  arcs: number;
  /** Share of the posted maxspeed driven (the profile's `maxspeedFactor`), stated with every result. */
  maxspeedFactor: number;
  /** Ways left out, by reason. */
  leftOut: { notHighway: number; closedToCars: number; noCarAccess: number; unknownHighway: number; tooShort: number; notALine: number; missingNodes: number };
  /** Unknown highway values and how many ways had each. */
  unknownHighway: Record<string, number>;
  /** maxspeed values that did not parse (the class speed was used), with counts. */
  maxspeedUnparsed: Record<string, number>;
  /** oneway values that did not parse (the road was taken as two-way), with counts. */
  onewayUnparsed: Record<string, number>;
}

export function emptyReport(maxspeedFactor: number): NetworkBuildReport {
  return {
    maxspeedFactor,
    ways: 0,
    waysUsed: 0,
    nodes: 0,
    arcs: 0,
    leftOut: { notHighway: 0, closedToCars: 0, noCarAccess: 0, unknownHighway: 0, tooShort: 0, notALine: 0, missingNodes: 0 },
    unknownHighway: {},
    maxspeedUnparsed: {},
    onewayUnparsed: {},
  };
}

export function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
