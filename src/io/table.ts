import Papa from 'papaparse';
import { CareshedError, missingField } from '../model/errors.js';
import { withoutBom } from './json.js';
import { checkArgument } from '../model/arguments.js';

/** A delimited text table: every value kept as text, so "01001" stays "01001". */
export interface Table {
  source: string | undefined;
  columns: readonly string[];
  rows: readonly Record<string, string>[];
  /** lines[i] is the line of rows[i] in the text (the header is line 1). */
  lines: readonly number[];
}

/**
 * Parses CSV (or ; or tab separated) text with papaparse, typing nothing. Blank lines are skipped;
 * a row with too few or too many fields, a duplicated column or an empty file is an error that names
 * the line.
 */
export function parseTable(text: string, source?: string): Table {
  checkArgument('parseTable', 'text', text, typeof text === 'string', 'the text of the file');
  checkArgument('parseTable', 'source', source, source === undefined || typeof source === 'string', 'the file name (text)');
  const body = withoutBom(text);
  if (body.trim() === '') throw new CareshedError('EMPTY_INPUT', 'the file is empty; expected a header line and data rows', { source });
  // Duplicated column names first: papaparse would rename them (and warn on the console).
  const header = Papa.parse<string[]>(body, { preview: 1 }).data[0]?.map((h) => h.trim()) ?? [];
  const twice = header.find((name, k) => header.indexOf(name) !== k);
  if (twice !== undefined) {
    throw new CareshedError('PARSE_ERROR', `column "${twice}" appears twice in the header; column names must be unique`, { source, line: 1, field: twice });
  }
  const parsed = Papa.parse<Record<string, string>>(body, {
    header: true,
    dynamicTyping: false,
    skipEmptyLines: false,
    transformHeader: (h) => h.trim(),
  });
  const columns = parsed.meta.fields ?? [];
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  const blank = new Set<number>();
  parsed.data.forEach((row, i) => {
    if (Object.values(row).every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))) blank.add(i);
  });
  for (const error of parsed.errors) {
    if (error.row === undefined || blank.has(error.row)) continue;
    if (error.code === 'UndetectableDelimiter') continue; // a one-column table is fine
    const line = error.row + 2;
    throw new CareshedError('PARSE_ERROR', `${error.message} (expected ${columns.length} fields: ${columns.join(', ')})`, { source, line });
  }
  parsed.data.forEach((row, i) => {
    if (blank.has(i)) return;
    rows.push(row);
    lines.push(i + 2);
  });
  if (rows.length === 0) throw new CareshedError('EMPTY_INPUT', 'the file has a header but no data row', { source });
  return { source, columns, rows, lines };
}

/** Throws MISSING_COLUMN naming the column wanted, those found and the nearest name. */
export function requireColumn(table: Table, column: string, role: string): void {
  if (!table.columns.includes(column)) {
    throw new CareshedError('MISSING_COLUMN', missingField('column', column, table.columns, `the ${role}`), {
      source: table.source,
      line: 1,
      field: column,
    });
  }
}

/** Writes rows as CSV text (papaparse), columns in the given order, quoting where needed. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  checkArgument('formatTable', 'columns', columns, Array.isArray(columns) && columns.every((c) => typeof c === 'string'), 'a list of column names');
  checkArgument('formatTable', 'rows', rows, Array.isArray(rows) && rows.every((r) => Array.isArray(r)), 'a list of rows, each a list of cells');
  return Papa.unparse({ fields: [...columns], data: rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v))) }, { newline: '\n' }) + '\n';
}
