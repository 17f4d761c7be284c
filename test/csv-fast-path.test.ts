// careshed reads quote-free CSV and writes CSV by hand for speed (issue 15): both must agree with papaparse, the
// library that reads and writes every other table, on any text. Papaparse is the reference here.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import './fast-check-seed.js';
import { formatTable, parseTable } from '../src/index.js';
import { parseColumns } from '../src/io/table.js';

/** The table read, or the error it raised (code, message and line), for comparing two readings. */
function reading(text: string) {
  try {
    const table = parseTable(text, 'in.csv');
    return { columns: table.columns, rows: table.rows.map((r) => ({ ...r })), lines: table.lines };
  } catch (error) {
    const e = error as { code?: string; message: string; location?: unknown };
    return { code: e.code, message: e.message, location: e.location };
  }
}

/** The same table with its first header name in quotes: a text papaparse reads (the text has a quote), same meaning. */
const quotingFirstName = (text: string, delimiter = ',') => {
  const end = text.search(new RegExp(`[${delimiter}\\r\\n]|$`));
  return `"${text.slice(0, end)}"${text.slice(end)}`;
};

describe('reading a text without quotes (split by hand) gives what papaparse gives', () => {
  // A header of names joined by one separator (so that it is the separator read), then any text: other
  // separators, line breaks of every kind, blank lines, rows too short or too long.
  const name = fc.string({ unit: fc.constantFrom('a', 'é', '1', '_', ' ', '='), minLength: 1, maxLength: 4 });
  const header = fc.tuple(fc.constantFrom(',', ';', '\t', '|'), fc.array(name, { minLength: 2, maxLength: 4 }));
  const piece = fc.string({ unit: fc.constantFrom('a', 'é', '1', '.', '-', ' ', ',', ';', '\t', '|', '\r', '\n', '\r\n', '=', '_'), maxLength: 6 });
  const rest = fc.tuple(fc.constantFrom('\n', '\r\n', '\r'), fc.array(piece, { maxLength: 40 })).map(([end, parts]) => end + parts.join(''));

  it('property: same columns, rows and lines, or the same error at the same line', () => {
    fc.assert(
      fc.property(header, rest, ([delimiter, names], body) => {
        const text = names.join(delimiter) + body;
        expect(reading(text)).toEqual(reading(quotingFirstName(text, delimiter)));
      }),
      { numRuns: 3000 },
    );
  });

  it('on hand-made cases: CRLF, old Mac CR, lone LF inside CRLF rows, blank lines, too few fields', () => {
    const cases = [
      'id,population\r\n31555,1\r\n\r\n09257,2\r\n',
      'id,population\r31555,1\r09257,2\r',
      'id,name\r\n31555,Tou\nlouse\r\n09257,Foix\r\n',
      'id;name\n\n31555;Toulouse\n;\n09257;Foix\n',
      'id,name\n31555\n',
      'id,id\n1,2\n',
    ];
    for (const text of cases) expect(reading(text)).toEqual(reading(quotingFirstName(text, text.includes(';') ? ';' : ',')));
    // By hand: the lone LF belongs to the name; the next row is on line 4.
    expect(reading(cases[2])).toMatchObject({ rows: [{ id: '31555', name: 'Tou\nlouse' }, { id: '09257', name: 'Foix' }], lines: [2, 4] });
    expect(reading(cases[1])).toMatchObject({ rows: [{ id: '31555' }, { id: '09257' }], lines: [2, 3] });
  });

  it('parseColumns reads the same values as parseTable', () => {
    const text = 'id,population,name\n31555,479553,Toulouse\n09257,n/a,Le Mas-d’Azil\n';
    const columns = parseColumns(text, 'in.csv', new Map([['population', (v: number) => v >= 0]]));
    expect(columns.values[0]).toEqual(['31555', '09257']);
    expect([...columns.numbers.get('population')!.values]).toEqual([479553, NaN]);
    expect(columns.numbers.get('population')!.irregular.get(1)).toBe('n/a');
    expect(columns.values[2]).toEqual(['Toulouse', 'Le Mas-d’Azil']);
    expect([...columns.lines]).toEqual([2, 3]);
  });
});

describe('writing CSV (by hand) gives what papaparse writes', () => {
  const papaparse = (columns: string[], rows: unknown[][]) =>
    Papa.unparse({ fields: columns, data: rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v))) }, { newline: '\n', escapeFormulae: /^[=+\-@\t\r]/ }) + '\n';
  const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', ' ', 'a', 'é', '1', '\ufeff', "'"), maxLength: 8 });
  const cell = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));

  it('property: the same text for any header and cells (text, numbers of every kind, booleans, null)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 8 }), fc.array(text, { minLength: 5, maxLength: 5 }), (width, rows, header) => {
        const columns = header.slice(0, width);
        const cut = rows.map((r) => r.slice(0, width));
        // No rows: papaparse writes the header and a blank line; careshed the header alone (tested by hand below).
        fc.pre(cut.length > 0);
        expect(formatTable(columns, cut)).toBe(papaparse(columns, cut));
      }),
      { numRuns: 2000 },
    );
  });

  it('by hand: formulas quoted, quotes doubled, numbers as they print, a header alone', () => {
    expect(formatTable(['id', 'name', 'minutes'], [['31555', '=1+1', -3.5], ['x"y', ' a', 1e21]])).toBe('id,name,minutes\n31555,"\'=1+1",-3.5\n"x""y"," a",1e+21\n');
    expect(formatTable(['id'], [])).toBe('id\n');
  });

  it('writes more rows than a block (10,000) in order, each once', () => {
    const rows = Array.from({ length: 25_001 }, (_, i) => [`d${i}`, i / 4]);
    const lines = formatTable(['id', 'q'], rows).split('\n');
    expect(lines.length).toBe(25_003);
    expect(lines[25_001]).toBe('d25000,6250');
    expect(lines[10_001]).toBe('d10000,2500');
  });
});
