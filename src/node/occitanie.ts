import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Demand, Sites } from '../model/points.js';
import { readDemandCsv, readSitesCsv } from '../io/csv.js';
import { parseTable } from '../io/table.js';
import { readText } from './files.js';

/** Mainland Occitanie with a margin: a point outside is a swapped or misplaced coordinate. */
export const OCCITANIE_BOUNDS = [-0.5, 42.2, 5.0, 45.2] as const;

/** The folder of the embedded Occitanie fixtures, found from this module up (works from src/ and dist/). */
export function occitanieFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(folder, 'fixtures', 'occitanie');
    if (existsSync(join(candidate, 'communes.csv'))) return candidate;
    folder = dirname(folder);
  }
  throw new Error('careshed: the fixtures/occitanie folder was not found next to the package');
}

export interface Occitanie {
  /** The 4,446 current communes: population, département, EPCI (SIREN), GP count, at a point inside each. */
  communes: Demand;
  /** The communes with at least one GP (INSEE BPE D201), capacity = number of GPs. */
  gpCommunes: Sites;
  /** The 8 named "Ma santé, Ma Région" centres, at their commune's point. */
  centres: Sites;
  /**
   * DREES APL to GPs, 2022, on the current communes (merged communes: weighted by standardised population),
   * aligned with `communes`: the published index and the age-standardised population it divides by.
   */
  drees: { apl: Float64Array; standardisedPopulation: Float64Array };
  /** Names of the 13 départements and of the EPCIs, by code. */
  departementNames: ReadonlyMap<string, string>;
  epciNames: ReadonlyMap<string, string>;
  /** Simplified commune boundaries for maps (property id = commune code). */
  boundaries(): FeatureCollection<Polygon | MultiPolygon>;
  folder: string;
}

/**
 * Loads the embedded Occitanie data (see fixtures/occitanie/ATTRIBUTION.md for sources and licences).
 *
 * @example
 * const { communes, centres } = loadOccitanie();
 * communes.totalPopulation; // 6124653
 */
export function loadOccitanie(): Occitanie {
  const folder = occitanieFolder();
  const read = (name: string) => readText(join(folder, name));
  const bounds = OCCITANIE_BOUNDS;
  const names = (name: string) => new Map(parseTable(read(name), name).rows.map((row) => [row.id, row.name]));
  const communes = readDemandCsv(read('communes.csv'), { source: 'communes.csv', bounds });
  const apl = new Float64Array(communes.size).fill(NaN);
  const standardisedPopulation = new Float64Array(communes.size).fill(NaN);
  for (const row of parseTable(read('drees-apl-2022.csv'), 'drees-apl-2022.csv').rows) {
    const i = communes.indexOf(row.id);
    if (i < 0) continue;
    apl[i] = row.apl_mg === '' ? NaN : Number(row.apl_mg);
    standardisedPopulation[i] = Number(row.pop_standardisee);
  }
  return {
    folder,
    drees: { apl, standardisedPopulation },
    departementNames: names('departements.csv'),
    epciNames: names('epci.csv'),
    communes,
    gpCommunes: readSitesCsv(read('gp-communes.csv'), { source: 'gp-communes.csv', bounds }),
    centres: readSitesCsv(read('centres.csv'), { source: 'centres.csv', bounds }),
    boundaries: () => JSON.parse(read('boundaries.geojson')) as FeatureCollection<Polygon | MultiPolygon>,
  };
}
