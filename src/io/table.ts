import Papa from 'papaparse';
import { CareshedError, listed, missingField, quoted } from '../model/errors.js';
import { withoutBom } from './json.js';

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
 *
 * Column names are data, never code: each row is an object without prototype, so a column named
 * "__proto__", "toString" or "constructor" is a column like any other. Lines are the file's own: a quoted
 * field that holds line breaks moves the rows after it down by as many lines.
 *
 * @example
 * const table = parseTable('id,name\n09257,"Le Mas-\nd\'Azil"\n31555,Toulouse\n', 'communes.csv');
 * table.lines; // [2, 4]: the first row spans lines 2 and 3
 */
export function parseTable(text: string, source?: string): Table {
  const body = withoutBom(text);
  if (body.trim() === '') throw new CareshedError('EMPTY_INPUT', 'the file is empty; expected a header line and data rows', { source });
  // Rows as arrays, never papaparse's header objects: those are plain objects, where a "__proto__" column vanishes.
  const parsed = Papa.parse<string[]>(body, { header: false, dynamicTyping: false, skipEmptyLines: false, delimiter: delimiterOf(body) });
  const data = parsed.data;
  const breaks = parsed.meta.linebreak || '\n';
  const lineOf = firstLines(data, breaks.charAt(breaks.length - 1));
  const columns = (data[0] ?? []).map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      throw new CareshedError('PARSE_ERROR', `column ${quoted(name)} appears twice in the header; column names must be unique`, { source, line: 1, field: name });
    }
    seen.add(name);
  }
  const isBlank = (row: readonly string[]) => row.every((v) => v.trim() === '');
  for (const error of parsed.errors) {
    if (error.row === undefined || (data[error.row] && isBlank(data[error.row]) && error.code !== 'MissingQuotes')) continue;
    throw new CareshedError('PARSE_ERROR', `${error.message}${error.code === 'MissingQuotes' ? ': a field opens a quote (") that never closes' : ''}`, { source, line: lineOf[error.row] });
  }
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  for (let i = 1; i < data.length; i++) {
    const fields = data[i];
    if (isBlank(fields)) continue;
    if (fields.length !== columns.length) {
      const which = fields.length < columns.length ? 'too few' : 'too many';
      throw new CareshedError('PARSE_ERROR', `${which} fields: the row has ${fields.length} and the header ${columns.length} (${listed(columns)})`, { source, line: lineOf[i] });
    }
    const row: Record<string, string> = Object.create(null);
    for (let c = 0; c < columns.length; c++) row[columns[c]] = fields[c];
    rows.push(row);
    lines.push(lineOf[i]);
  }
  if (rows.length === 0) throw new CareshedError('EMPTY_INPUT', 'the file has a header but no data row', { source });
  return { source, columns, rows, lines };
}

/** The separators a table may use, in the order a tie is settled. */
const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The separator of a table, read from its header line: the one found most often outside quotes (a comma when
 * none is, a one-column table). Papaparse's own guess weighs how even the first rows are, and takes ";" for a
 * comma-separated table whose quoted text holds semicolons and whose last line is blank.
 */
function delimiterOf(body: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * The line each row starts on (1-based): one more than the row before, and one more per line break inside a
 * quoted field of the row before (papaparse keeps those breaks in the field's text). `newline` is the last
 * character of the file's line break ("\n", or "\r" for old Mac files). Linear in the text.
 */
function firstLines(data: readonly (readonly string[])[], newline: string): number[] {
  const lines = new Array<number>(data.length);
  let line = 1;
  for (let i = 0; i < data.length; i++) {
    lines[i] = line;
    line++;
    for (const field of data[i]) for (let at = field.indexOf(newline); at >= 0; at = field.indexOf(newline, at + 1)) line++;
  }
  return lines;
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

/**
 * What a spreadsheet reads as a formula at the start of a cell: =, +, -, @, a tab or a carriage return
 * (OWASP, "CSV Injection"). One character tested, so the test is constant time whatever the cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes rows as CSV text (papaparse), columns in the given order, quoting where needed.
 *
 * Safe to open in a spreadsheet: a text cell (a name, an id, a header) that starts with =, +, - or @, a tab
 * or a carriage return gets a single quote in front ("'=HYPERLINK(…)"), so Excel and LibreOffice show it as
 * text instead of running it (OWASP, "CSV Injection"). Numbers are numbers and stay as they are: -3.5 in a
 * numeric column is written -3.5. Whether a cell is text is its type, never a guess from its characters.
 *
 * @example
 * formatTable(['id', 'name', 'minutes'], [['31555', '=1+1', -3.5]]);
 * // "id,name,minutes\n31555,\"'=1+1\",-3.5\n"
 */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return (
    Papa.unparse({ fields: [...columns], data: rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v))) }, { newline: '\n', escapeFormulae: FORMULA_START }) +
    '\n'
  );
}
