import { CareshedError, quoted } from '../model/errors.js';
import { createDemand, isDemand, type Demand } from '../model/points.js';
import { MAX_AT_ONE_POINT, readId, readNonNegative } from '../model/validate.js';
import { parseTable, requireColumn } from './table.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { int } from '../model/figures.js';

/** Population by id, read from another table (INSEE's population tables, a census extract). */
export interface PopulationTable {
  source: string | undefined;
  population: ReadonlyMap<string, number>;
}

export interface PopulationTableOptions {
  source?: string;
  idColumn?: string;
  populationColumn?: string;
}

/**
 * Reads `id,population` CSV text; duplicate ids and bad numbers are errors naming the line.
 *
 * @example
 * readPopulationTable('code,pop\n09257,641\n', { idColumn: 'code', populationColumn: 'pop' }).population.get('09257'); // 641
 */
export function readPopulationTable(text: string, options: PopulationTableOptions = {}): PopulationTable {
  checkArgument('readPopulationTable', 'text', text, typeof text === 'string', 'the text of a CSV file');
  checkArgument('readPopulationTable', 'options', options, isRecord(options), 'an object');
  const { source } = options;
  const idColumn = options.idColumn ?? 'id';
  const populationColumn = options.populationColumn ?? 'population';
  const table = parseTable(text, source);
  requireColumn(table, idColumn, 'ids');
  requireColumn(table, populationColumn, 'population');
  const population = new Map<string, number>();
  const lineOf = new Map<string, number>();
  table.rows.forEach((row, i) => {
    const line = table.lines[i];
    const id = readId(row[idColumn], { source, line, field: idColumn });
    if (population.has(id)) {
      throw new CareshedError('DUPLICATE_ID', `id ${quoted(id)} appears again (first at line ${lineOf.get(id)}); a join table needs unique ids`, { source, line, field: idColumn, value: id });
    }
    population.set(id, readNonNegative(row[populationColumn], { source, line, id, field: populationColumn }, 'INVALID_POPULATION', 'population', MAX_AT_ONE_POINT));
    lineOf.set(id, line);
  });
  return { source, population };
}

export interface JoinOptions {
  /**
   * What a demand point absent from the table gets: an error (default), a population of 0, or left out of the
   * demand ('drop'); the ids are returned in `missing` either way, to be reported.
   */
  missing?: 'error' | 'zero' | 'drop';
}

export interface JoinResult {
  demand: Demand;
  /** Table ids that match no demand point: reported, never silently dropped. */
  unmatched: string[];
  /** Demand ids absent from the table (with `missing: 'zero'` they got 0; with 'drop' they were left out). */
  missing: string[];
}

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => quoted(id)).join(', ');
  return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown;
}

/**
 * An all-digit code without its leading zeros: "09257" and "9257" meet as "9257". Patterns each character
 * matches one way only (not /^0+\d+$/, whose two runs split a long run of zeros every way), so linear.
 */
const withoutLeadingZeros = (id: string) => (/^0\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : id);

/**
 * The ids that match a known id only once leading zeros are put back or taken off, with the id they match: the
 * mark of codes saved as numbers by a spreadsheet ("9257" for the INSEE code "09257").
 *
 * @example
 * leadingZeroMatches(['9257', '31555'], ['09257', '31555']); // [["9257", "09257"]]
 */
export function leadingZeroMatches(ids: Iterable<string>, known: Iterable<string>): [string, string][] {
  const byDigits = new Map<string, string>();
  const exact = new Set<string>();
  for (const id of known) {
    exact.add(id);
    if (!byDigits.has(withoutLeadingZeros(id))) byDigits.set(withoutLeadingZeros(id), id);
  }
  const pairs: [string, string][] = [];
  for (const id of ids) {
    if (exact.has(id)) continue;
    const match = byDigits.get(withoutLeadingZeros(id));
    if (match !== undefined) pairs.push([id, match]);
  }
  return pairs;
}

/** Words for the ids that match once zero-padded (see leadingZeroMatches), or "" when none does. */
export function leadingZeroHint(pairs: readonly [string, string][], of: number, where: string): string {
  if (pairs.length === 0) return '';
  const [id, match] = pairs[0];
  return `; ${pairs.length === of ? 'all' : int(pairs.length)} of them match once leading zeros are ${id.length < match.length ? 'put back' : 'taken off'} (${quoted(id)} is ${quoted(match)}): ${where} lost them, as a spreadsheet does when it reads codes as numbers; format that column as text, or pad the codes with zeros`;
}

/**
 * Gives demand points the population of a table, matched by id. Returns a new Demand (the input is
 * left as it is) and the ids on either side that found no partner.
 *
 * @example
 * const { demand, unmatched } = joinPopulation(points, readPopulationTable(csv));
 * if (unmatched.length) console.warn(`${unmatched.length} population rows match no commune`);
 */
export function joinPopulation(demand: Demand, table: PopulationTable, options: JoinOptions = {}): JoinResult {
  checkArgument('joinPopulation', 'demand', demand, isDemand(demand), 'a Demand (createDemand, readDemandCsv)');
  checkArgument('joinPopulation', 'table', table, isRecord(table) && table.population instanceof Map, 'a population table (readPopulationTable)');
  checkOptions('joinPopulation', options, ['missing']);
  const population = new Float64Array(demand.size);
  const missing: string[] = [];
  demand.ids.forEach((id, i) => {
    const value = table.population.get(id);
    if (value === undefined) missing.push(id);
    else population[i] = value;
  });
  if (missing.length > 0 && (options.missing ?? 'error') === 'error') {
    // Codes saved as numbers: the table's "9257" is the demand's "09257" (or the other way round).
    const padded = leadingZeroMatches(missing, table.population.keys());
    const lost = padded.length > 0 ? leadingZeroHint(padded.map(([id, match]) => [match, id]), missing.length, match(padded[0][0], padded[0][1])) : '';
    throw new CareshedError(
      'JOIN_MISSING',
      `${int(missing.length)} of ${int(demand.size)} demand points${demand.source ? ` of ${demand.source}` : ''} ${missing.length === 1 ? 'has' : 'have'} no population in the table: ${listIds(missing)}${lost}${lost ? '' : "; count them as 0 or leave them out (missing: 'zero' or 'drop'; on the command line --missing-population zero|drop)"}`,
      { source: table.source, field: 'id' },
    );
  }
  const unmatched = [...table.population.keys()].filter((id) => demand.indexOf(id) < 0);
  if (options.missing === 'drop' && missing.length > 0) return { demand: keepJoined(demand, population, new Set(missing)), unmatched, missing };
  return { demand: demand.withPopulation(population), unmatched, missing };
}

/** Which side lost its zeros: the shorter of a demand id and the table id it matches. */
function match(demandId: string, tableId: string): string {
  return tableId.length < demandId.length ? 'the table' : 'the demand';
}

/** The demand points that found a population, with it; attributes and areas kept. */
function keepJoined(demand: Demand, population: Float64Array, left: ReadonlySet<string>): Demand {
  const names = Object.keys(demand.attributes);
  const records = [];
  for (let i = 0; i < demand.size; i++) {
    if (left.has(demand.ids[i])) continue;
    records.push({
      id: demand.ids[i],
      lon: demand.lon[i],
      lat: demand.lat[i],
      population: population[i],
      attributes: Object.fromEntries(names.map((name) => [name, demand.attributes[name][i]])),
      area: demand.areas?.[i] ?? null,
    });
  }
  if (records.length === 0) throw new CareshedError('JOIN_MISSING', `none of the ${demand.size} demand points has a population in the table`, { source: demand.source, field: 'id' });
  return createDemand(records, { source: demand.source });
}
