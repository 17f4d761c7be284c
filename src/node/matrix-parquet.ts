import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema, type DecodedArray, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CareshedError, missingField } from '../model/errors.js';
import type { MatrixRowSink } from '../travel/matrix.js';

/** An id cell as text: strings as stored, integers as their decimal text (1001, never "01001"), null as empty. */
function idText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return '';
  return null;
}

/** A time cell as the accumulator takes it: numbers (int64 as a number), text, or null for no route. */
function timeValue(value: unknown): string | number | null | undefined {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  return undefined;
}

/**
 * Streams the rows of a Parquet travel-time matrix into `sink`, one row group at a time: the three columns of
 * one row group are decoded (any codec hyparquet-compressors reads: snappy, gzip, zstd, brotli, lz4), handed
 * over row by row, then dropped, so memory holds one row group, never the file. Errors name the file, the row
 * group (numbered from 0, as pyarrow and DuckDB do) and the row of the file (from 1).
 *
 * @example
 * await readParquetMatrix('matrix.parquet', ['from', 'to', 'minutes'], accumulator, (rows) => console.log(rows));
 */
export async function readParquetMatrix(path: string, columns: readonly [string, string, string], sink: MatrixRowSink, onRows?: (rowsRead: number) => void): Promise<void> {
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new CareshedError('PARSE_ERROR', `cannot read it as Parquet: ${(error as Error).message}`, { source: path });
  }
  const found = parquetSchema(metadata).children.map((child) => child.element.name);
  for (const column of columns) {
    if (!found.includes(column)) throw new CareshedError('MISSING_COLUMN', missingField('column', column, found, 'the matrix'), { source: path, field: column });
  }
  const scan = await parquetScan({ file, metadata, columns: [...new Set(columns)], compressors });
  const [from, to, time] = columns;
  let groupStart = 0;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const groupRows = Number(metadata.row_groups[g].num_rows);
    const range = { rowStart: groupStart, rowEnd: groupStart + groupRows };
    const where = (row: number, field?: string) => ({ source: `${path}, row group ${g}`, row: groupStart + row + 1, field });
    let cells: DecodedArray[];
    try {
      cells = await Promise.all([from, to, time].map((column) => scan.readColumn({ column, ...range })));
    } catch (error) {
      throw new CareshedError('PARSE_ERROR', `cannot decode the row group: ${(error as Error).message}`, { source: `${path}, row group ${g}` });
    }
    const [fromCells, toCells, timeCells] = cells;
    for (let r = 0; r < groupRows; r++) {
      const origin = idText(fromCells[r]);
      const destination = idText(toCells[r]);
      const value = timeValue(timeCells[r]);
      if (origin === null || destination === null || value === undefined) {
        const [field, cell] = origin === null ? [from, fromCells[r]] : destination === null ? [to, toCells[r]] : [time, timeCells[r]];
        throw new CareshedError('PARSE_ERROR', `a ${typeof cell} in the matrix; expected ${field === time ? 'a number (or null for no route)' : 'a string or integer id'}`, { ...where(r, field), value: String(cell) });
      }
      try {
        sink.add(origin, destination, value);
      } catch (error) {
        if (!(error instanceof CareshedError)) throw error;
        // The sink names the pair and field; the place in the file is known here.
        const { line: _line, source: _source, ...rest } = error.location;
        throw new CareshedError(error.code, error.problem, { ...where(r), ...rest });
      }
    }
    groupStart += groupRows;
    onRows?.(groupStart);
  }
}
