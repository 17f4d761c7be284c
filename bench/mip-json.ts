/**
 * A HiGHS model as careshed hands it to HiGHS (`MipOptions.onModel`), as plain JSON for another solver to read
 * (bench/native-highs.py solves it with native HiGHS through SciPy). Infinite row bounds are written as null,
 * which JSON has and Python reads as None; `offset` is what the model leaves out of its objective (the MCLP's
 * demand covered by the sites kept open), so that objective + offset is the figure `site()` reports.
 */
import type { Mip, MipExport } from '../src/siting/mip.js';

export interface MipJson {
  numCols: number;
  numRows: number;
  maximize: boolean;
  offset: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  integer: number[];
  rowLower: (number | null)[];
  rowUpper: (number | null)[];
  /** Compressed sparse rows: row r is columns `indices[starts[r] .. starts[r+1])` with `values`. */
  starts: number[];
  indices: number[];
  values: number[];
  /** The starting solution careshed gives HiGHS (the heuristic's answer), or null. */
  incumbent: number[] | null;
  /** The HiGHS options careshed sets, by HiGHS's own names. */
  highsOptions: Record<string, number | boolean | string>;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * @example
 * let exported: MipExport | undefined;
 * await mclpExact(problem, 10, 15, start, { onModel: (m) => (exported = m) });
 * writeFileSync('model.json', JSON.stringify(mipJson(exported!, coveredWeight(problem, 15, []))));
 */
export function mipJson(exported: MipExport, offset = 0): MipJson {
  const { mip } = exported;
  return {
    numCols: mip.numCols,
    numRows: mip.numRows,
    maximize: mip.maximize,
    offset,
    colCost: Array.from(mip.colCost),
    colLower: Array.from(mip.colLower),
    colUpper: Array.from(mip.colUpper),
    integer: Array.from(mip.integer),
    rowLower: Array.from(mip.rowLower, finite),
    rowUpper: Array.from(mip.rowUpper, finite),
    starts: Array.from(mip.starts),
    indices: Array.from(mip.indices),
    values: Array.from(mip.values),
    incumbent: exported.incumbent ? Array.from(exported.incumbent) : null,
    highsOptions: { ...exported.highsOptions },
  };
}

/** The model back from its JSON (null bounds are infinite: below for a lower bound, above for an upper one). */
export function mipFromJson(json: MipJson): Mip {
  return {
    numCols: json.numCols,
    numRows: json.numRows,
    maximize: json.maximize,
    colCost: Float64Array.from(json.colCost),
    colLower: Float64Array.from(json.colLower),
    colUpper: Float64Array.from(json.colUpper),
    integer: Uint8Array.from(json.integer),
    rowLower: Float64Array.from(json.rowLower, (x) => x ?? -Infinity),
    rowUpper: Float64Array.from(json.rowUpper, (x) => x ?? Infinity),
    starts: Int32Array.from(json.starts),
    indices: Int32Array.from(json.indices),
    values: Float64Array.from(json.values),
  };
}
