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
  /**
   * References to nodes the file lacks, in ways that are roads (an extract cut at its border): the way is split
   * there and its stretches on either side kept (see `waysCut`); a way with no stretch of two nodes left is
   * counted in `leftOut.missingNodes`.
   */
  missingNodeRefs: number;
  /** Ways kept in pieces, split at nodes the file lacks (counted in `waysUsed` too). */
  waysCut: number;
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
    missingNodeRefs: 0,
    waysCut: 0,
    nodes: 0,
    arcs: 0,
    leftOut: { notHighway: 0, closedToCars: 0, noCarAccess: 0, unknownHighway: 0, tooShort: 0, notALine: 0, missingNodes: 0 },
    // Keyed by values from the input: no prototype, so "__proto__" or "toString" is counted like any value.
    unknownHighway: Object.create(null),
    maxspeedUnparsed: Object.create(null),
    onewayUnparsed: Object.create(null),
  };
}

export function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (Object.hasOwn(counts, key) ? counts[key] : 0) + 1;
}
