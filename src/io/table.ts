import Papa from 'papaparse';
import { CareshedError, listed, missingField, quoted } from '../model/errors.js';
import { withoutBom } from './json.js';
import { isDecimal } from '../model/validate.js';
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
  checkArgument('parseTable', 'text', text, typeof text === 'string', 'the text of the file');
  checkArgument('parseTable', 'source', source, source === undefined || typeof source === 'string', 'the file name (text)');
  let columns: readonly string[] = [];
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  visitRows(text, source, {
    header: (names) => (columns = names),
    row: (fields, line) => {
      const row: Record<string, string> = Object.create(null);
      for (let c = 0; c < columns.length; c++) row[columns[c]] = fields[c];
      rows.push(row);
      lines.push(line);
    },
  });
  return { source, columns, rows, lines };
}

/** A delimited text table held by column: values[c][i] is row i's text in column c. */
export interface ColumnTable {
  source: string | undefined;
  columns: readonly string[];
  /** Each column's text; empty for a column read as numbers (see `numbers`). */
  values: readonly (readonly string[])[];
  /** The columns asked to be read as numbers, by name: their values, and the text of those that are not plain. */
  numbers: ReadonlyMap<string, NumberColumn>;
  /** lines[i] is the line of row i in the text (the header is line 1). */
  lines: Uint32Array;
  rowCount: number;
}

/**
 * A column read as numbers: a plain decimal (`isDecimal`) that its reader's test accepts is its number; anything
 * else is NaN there and its text is kept in `irregular`, for the reader to accept it by its own rules or say what
 * is wrong, quoting the value as written.
 */
export interface NumberColumn {
  values: Float64Array;
  irregular: ReadonlyMap<number, string>;
}

/**
 * The same table as `parseTable`, by the same rules and with the same errors, held by column: one array of
 * text a column instead of an object a row, and the columns named in `numbers` as numbers. What the point
 * readers use: reading a million rows then costs the text of their ids and names and no object per row
 * (papaparse's row arrays are dropped as they are read).
 *
 * @example
 * const table = parseColumns('id,population\n09257,641\n31555,n/a\n', 'communes.csv', new Map([['population', (v) => v >= 0]]));
 * table.numbers.get('population'); // { values: Float64Array [641, NaN], irregular: Map { 1 => 'n/a' } }
 */
export function parseColumns(text: string, source?: string, numbers: ReadonlyMap<string, (value: number) => boolean> = new Map()): ColumnTable {
  let columns: readonly string[] = [];
  let values: string[][] = [];
  let lines = new Uint32Array(1024);
  let rowCount = 0;
  let numeric: (GrowingNumbers | undefined)[] = [];
  visitRows(text, source, {
    header: (names) => {
      columns = names;
      values = names.map(() => []);
      numeric = names.map((name) => (numbers.has(name) ? new GrowingNumbers(numbers.get(name)!) : undefined));
    },
    row: (fields, line) => {
      for (let c = 0; c < fields.length; c++) {
        const asNumber = numeric[c];
        if (asNumber) asNumber.push(rowCount, fields[c]);
        else values[c].push(fields[c]);
      }
      if (rowCount === lines.length) {
        const grown = new Uint32Array(lines.length * 2);
        grown.set(lines);
        lines = grown;
      }
      lines[rowCount++] = line;
    },
  });
  const read = new Map<string, NumberColumn>();
  columns.forEach((name, c) => {
    const asNumber = numeric[c];
    if (asNumber) read.set(name, { values: asNumber.done(rowCount), irregular: asNumber.irregular });
  });
  return { source, columns, values, numbers: read, lines: lines.subarray(0, rowCount), rowCount };
}

/** A column of numbers as it is read: plain decimals as numbers, the text of the others kept aside. */
class GrowingNumbers {
  #values = new Float64Array(1024);
  readonly irregular = new Map<number, string>();
  readonly #accept: (value: number) => boolean;

  constructor(accept: (value: number) => boolean) {
    this.#accept = accept;
  }

  push(row: number, text: string): void {
    if (row === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    const trimmed = text.trim();
    const value = isDecimal(trimmed) ? Number(trimmed) : NaN;
    if (Number.isFinite(value) && this.#accept(value)) this.#values[row] = value;
    else {
      this.#values[row] = NaN;
      this.irregular.set(row, text);
    }
  }

  done(rows: number): Float64Array {
    return this.#values.slice(0, rows);
  }
}

/** What `visitRows` tells as it reads: the header's column names once, then each data row and its line. */
interface RowVisitor {
  header(columns: readonly string[]): void;
  row(fields: readonly string[], line: number): void;
}

/**
 * Reads a table row by row, checking what every reader needs: a header without a repeated name, rows as long as
 * the header, quotes that close, at least one data row. Errors name the line; lines count the line breaks inside
 * quoted fields.
 *
 * A text with a quote anywhere goes through papaparse's step mode (no array of every row is built). A text
 * without one, most files, is split here by lines and separators: what papaparse itself does with such a text
 * (its "fast mode"), the same line break guessed the same way, without the object papaparse builds for each
 * row's step (a sixth of reading 35,000 rows; test/csv-fast-path.test.ts checks the two give the same rows).
 */
function visitRows(text: string, source: string | undefined, visit: RowVisitor): void {
  const body = withoutBom(text);
  if (body.trim() === '') throw new CareshedError('EMPTY_INPUT', 'the file is empty; expected a header line and data rows', { source });
  let columns: string[] | undefined;
  let line = 1;
  let newline = '\n';
  let rows = 0;
  const isBlank = (row: readonly string[]) => row.every((v) => v.trim() === '');
  // plain: the row was cut by hand from a text without quotes; its fields can hold a line break's last
  // character only when the break is two characters long (a lone \n in a \r\n file).
  const take = (fields: string[], errors: readonly Papa.ParseError[], linebreak: string, plain: boolean) => {
    const at = line;
    if (columns === undefined) {
      const breaks = linebreak || '\n';
      newline = breaks.charAt(breaks.length - 1);
    }
    line += 1 + (plain && linebreak.length === 1 ? 0 : breaksIn(fields, newline));
    const blank = isBlank(fields);
    for (const error of errors) {
      if (blank && error.code !== 'MissingQuotes') continue;
      throw new CareshedError('PARSE_ERROR', `${error.message}${error.code === 'MissingQuotes' ? ': a field opens a quote (") that never closes' : ''}`, { source, line: at });
    }
    if (columns === undefined) {
      columns = fields.map((h) => h.trim());
      const seen = new Set<string>();
      for (const name of columns) {
        if (seen.has(name)) throw new CareshedError('PARSE_ERROR', `column ${quoted(name)} appears twice in the header; column names must be unique`, { source, line: 1, field: name });
        seen.add(name);
      }
      visit.header(columns);
      return;
    }
    if (blank) return;
    if (fields.length !== columns.length) {
      const which = fields.length < columns.length ? 'too few' : 'too many';
      throw new CareshedError('PARSE_ERROR', `${which} fields: the row has ${fields.length} and the header ${columns.length} (${listed(columns)})`, { source, line: at });
    }
    rows++;
    visit.row(fields, at);
  };
  const delimiter = delimiterOf(body);
  if (!body.includes('"')) {
    const linebreak = lineBreakOf(body);
    // Line by line, as text.split(linebreak) would cut them, without an array of every line held at once.
    for (let start = 0; start <= body.length; ) {
      const found = body.indexOf(linebreak, start);
      const end = found < 0 ? body.length : found;
      take(body.slice(start, end).split(delimiter), NO_ERRORS, linebreak, true);
      start = end + linebreak.length;
    }
  } else {
    // Rows as arrays, never papaparse's header objects: those are plain objects, where a "__proto__" column vanishes.
    Papa.parse<string[]>(body, {
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      delimiter,
      step: (results) => take(results.data, results.errors, results.meta.linebreak, false),
    });
  }
  if (rows === 0) throw new CareshedError('EMPTY_INPUT', 'the file has a header but no data row', { source });
}

const NO_ERRORS: readonly Papa.ParseError[] = [];

/**
 * The line break of a text without quotes, as papaparse guesses it (guessLineEndings, on the first megabyte): "\n"
 * when there is no "\r" or a "\n" comes first, else "\r\n" when at least half the pieces between "\r"s start with
 * "\n", else "\r".
 */
function lineBreakOf(body: string): string {
  const head = body.substring(0, 1024 * 1024);
  const r = head.split('\r');
  const n = head.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  let withN = 0;
  for (const piece of r) if (piece[0] === '\n') withN++;
  return withN >= r.length / 2 ? '\r\n' : '\r';
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
 * How many line breaks the fields of a row hold (papaparse keeps those of quoted fields in their text), which
 * move the next row down: `newline` is the last character of the file's line break ("\n", or "\r" for old Mac
 * files). Linear in the row's text.
 */
function breaksIn(fields: readonly string[], newline: string): number {
  let count = 0;
  for (const field of fields) for (let at = field.indexOf(newline); at >= 0; at = field.indexOf(newline, at + 1)) count++;
  return count;
}

/** Throws MISSING_COLUMN naming the column wanted, those found and the nearest name. */
export function requireColumn(table: Pick<Table, 'source' | 'columns'>, column: string, role: string): void {
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
 * Writes rows as CSV text (RFC 4180, as papaparse writes it), columns in the given order, quoting where needed.
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
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[] | RowSource): string {
  checkArgument('formatTable', 'columns', columns, Array.isArray(columns) && columns.every((c) => typeof c === 'string'), 'a list of column names');
  checkArgument('formatTable', 'rows', rows, Array.isArray(rows) ? rows.every((r) => Array.isArray(r)) : typeof rows === 'object' && rows !== null && typeof (rows as RowSource).row === 'function', 'a list of rows, each a list of cells, or a row source {count, row(i)}');
  const source: RowSource = Array.isArray(rows) ? { count: rows.length, row: (i) => rows[i] } : (rows as RowSource);
  // Written a block of rows at a time: a million rows never stand as arrays all at once, only their text. Each
  // block is joined from its lines, so that its text is flat (one piece, not a tree of appended cells).
  const blocks: string[] = [columns.map(csvCell).join(',')];
  const lines: string[] = [];
  for (let start = 0; start < source.count; start += FORMAT_BLOCK) {
    lines.length = 0;
    for (let i = start; i < Math.min(source.count, start + FORMAT_BLOCK); i++) {
      const row = source.row(i);
      let line = '';
      // A row as long as the header, as papaparse writes one: missing cells empty, cells beyond it left out.
      for (let c = 0; c < columns.length; c++) line += (c > 0 ? ',' : '') + csvCell(row[c]);
      lines.push(line);
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n') + '\n';
}

/**
 * One cell as RFC 4180 CSV, by papaparse's rules for `unparse` with a comma, \n lines and `escapeFormulae`
 * (test/format-table.test.ts checks the two agree on any cell): empty for null and undefined; numbers, bigints
 * and booleans as they print; text that starts like a formula gets a single quote in front, and text is quoted
 * (its quotes doubled) when it holds a comma, a quote, a line break or a byte-order mark, starts or ends with a
 * space, or was given the formula quote. Written here rather than through Papa.unparse: papaparse tests every
 * cell with several scans and a regular expression replace, and writing 35,000 rows took a quarter of a
 * coverage run (issue 15).
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const type = typeof value;
  if (type === 'number' || type === 'bigint' || type === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  let text = String(value);
  let quote = false;
  if (FORMULA_START.test(text)) {
    text = "'" + text;
    quote = true;
  }
  if (text.includes('"')) {
    text = text.replaceAll('"', '""');
    quote = true;
  }
  if (quote || NEEDS_QUOTES.test(text) || text.startsWith(' ') || text.endsWith(' ')) return '"' + text + '"';
  return text;
}

/** What makes a cell need quotes besides a quote itself (papaparse's BAD_DELIMITERS and the comma). */
const NEEDS_QUOTES = /[,\r\n\ufeff]/;

/** Rows made one at a time, when asked: what `formatTable` takes for outputs too large to hold as arrays. */
export interface RowSource {
  count: number;
  row(i: number): readonly unknown[];
}

const FORMAT_BLOCK = 10_000;
