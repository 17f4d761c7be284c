import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Demand, Sites } from '../model/points.js';
import { readDemandCsv, readSitesCsv } from '../io/csv.js';
import { parseTable } from '../io/table.js';
import { standardisedPopulationOf, STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { readText } from './files.js';

/** Mainland Occitanie with a margin: a point outside is a swapped or misplaced coordinate. */
export const OCCITANIE_BOUNDS = [-0.5, 42.2, 5.0, 45.2] as const;

/** The region and 60 km around it, with a margin: where the surroundings' communes lie. */
export const OCCITANIE_SURROUNDINGS_BOUNDS = [-1.5, 42.2, 6.0, 46.0] as const;

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
  /**
   * The 4,446 current communes: population, département, EPCI (SIREN), GP count, and the age-standardised
   * population DREES's APL divides by (`standardised_population`, which `apl` takes by default), at a point
   * inside each.
   */
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
  /**
   * The communes of the neighbouring départements within 60 km of an Occitanie commune (2,582 communes,
   * 3,176,386 inhabitants, 15 départements), with their standardised population, and those of them with a
   * GP (2,991 GPs): the demand that competes for Occitanie's GPs and the GPs its border communes use. Join
   * them with `withSurroundings` for the APL as DREES computes it (nationally); results stay Occitanie's.
   */
  surroundings: { communes: Demand; gpCommunes: Sites };
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
 * const { communes, centres, surroundings } = loadOccitanie();
 * communes.totalPopulation; // 6124653
 * surroundings.communes.size; // 2582
 */
export function loadOccitanie(): Occitanie {
  const folder = occitanieFolder();
  const read = (name: string) => readText(join(folder, name));
  const bounds = OCCITANIE_BOUNDS;
  const names = (name: string) => new Map(parseTable(read(name), name).rows.map((row) => [row.id, row.name]));
  const communes = readDemandCsv(read('communes.csv'), { source: 'communes.csv', bounds });
  const apl = new Float64Array(communes.size).fill(NaN);
  for (const row of parseTable(read('drees-apl-2022.csv'), 'drees-apl-2022.csv').rows) {
    const i = communes.indexOf(row.id);
    if (i < 0) continue;
    apl[i] = row.apl_mg === '' ? NaN : Number(row.apl_mg);
  }
  const around = OCCITANIE_SURROUNDINGS_BOUNDS;
  return {
    folder,
    drees: { apl, standardisedPopulation: standardisedPopulationOf(communes, STANDARDISED_POPULATION_FIELD)! },
    surroundings: {
      communes: readDemandCsv(read('neighbour-communes.csv'), { source: 'neighbour-communes.csv', bounds: around }),
      gpCommunes: readSitesCsv(read('neighbour-gp-communes.csv'), { source: 'neighbour-gp-communes.csv', bounds: around }),
    },
    departementNames: names('departements.csv'),
    epciNames: names('epci.csv'),
    communes,
    gpCommunes: readSitesCsv(read('gp-communes.csv'), { source: 'gp-communes.csv', bounds }),
    centres: readSitesCsv(read('centres.csv'), { source: 'centres.csv', bounds }),
    boundaries: () => JSON.parse(read('boundaries.geojson')) as FeatureCollection<Polygon | MultiPolygon>,
  };
}
