/**
 * Builds fixtures/occitanie/ from ../shared/data and @etalab/decoupage-administratif.
 *
 *   npx tsx scripts/build-occitanie-fixtures.ts [--shared ../shared]
 *
 * Current communes (region 76) come from @etalab/decoupage-administratif, with their population. Their
 * boundaries are the 2018 IGN polygons; a commune nouvelle formed since 2018 takes the union of its old
 * parts (through `anciensCodes`, and the `chefLieu` of delegated and associated communes). GP counts
 * (INSEE BPE D201) are mapped to current communes the same way and summed. Everything that cannot be
 * mapped is written to build-report.json, never dropped silently.
 *
 * The communes of the départements around the region within NEIGHBOURS_KM of an Occitanie commune
 * (shared/data/communes-neighbours) are written beside them as surroundings: demand and GPs that compete for
 * and supply the same care across the regional border.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { union, featureCollection, feature as turfFeature } from '@turf/turf';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { feature as topoFeature } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { representativePoint } from '../src/geo/representative-point.js';
import { parseTable, formatTable } from '../src/io/table.js';

const REGION = '76';
const args = process.argv.slice(2);
const shared = resolve(args[args.indexOf('--shared') + 1] && args.includes('--shared') ? args[args.indexOf('--shared') + 1] : '../shared');
const out = resolve('fixtures/occitanie');
mkdirSync(out, { recursive: true });
const require = createRequire(import.meta.url);

interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  region?: string;
  departement?: string;
  population?: number;
  anciensCodes?: string[];
  chefLieu?: string;
}
interface EtalabEpci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string }[];
}

const etalab = require('@etalab/decoupage-administratif/data/communes.json') as EtalabCommune[];
const epcis = require('@etalab/decoupage-administratif/data/epci.json') as EtalabEpci[];
const departements = require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string; region: string }[];
const etalabVersion = (require('@etalab/decoupage-administratif/package.json') as { version: string }).version;

const inRegion = etalab.filter((c) => c.region === REGION);
const current = inRegion.filter((c) => c.type === 'commune-actuelle').sort((a, b) => a.code.localeCompare(b.code));
const currentCodes = new Set(current.map((c) => c.code));

/** Old (2018 or earlier) commune code → current commune code. */
const toCurrent = new Map<string, string>();
for (const c of current) toCurrent.set(c.code, c.code);
for (const c of current) for (const old of c.anciensCodes ?? []) if (!toCurrent.has(old)) toCurrent.set(old, c.code);
for (const c of inRegion) if (c.type !== 'commune-actuelle' && c.chefLieu && !toCurrent.has(c.code)) toCurrent.set(c.code, c.chefLieu);

const epciOf = new Map<string, { code: string; name: string }>();
for (const e of epcis) for (const m of e.membres) if (currentCodes.has(m.code)) epciOf.set(m.code, { code: e.code, name: e.nom });

/**
 * The territories a commune belongs to, by name and whole population (all of France, not only the part in the
 * fixtures): the columns `epci_name`, `epci_population`, `departement_name`, `departement_population` of
 * communes.csv, which name territories in every output and tell a territory cut by the region's border
 * (careshed ranks those apart). Whole populations are sums over the current communes of the same Etalab
 * release, so that a territory entirely inside has exactly the population of its communes here.
 */
function territoryColumns() {
  const france = etalab.filter((c) => c.type === 'commune-actuelle');
  const populationOf = new Map(france.map((c) => [c.code, c.population ?? 0]));
  const epciOfCommune = new Map<string, EtalabEpci>();
  for (const e of epcis) for (const m of e.membres) epciOfCommune.set(m.code, e);
  const epciWhole = new Map(epcis.map((e) => [e.code, { population: e.membres.reduce((t, m) => t + (populationOf.get(m.code) ?? 0), 0), communes: e.membres.length }]));
  const departementWhole = new Map<string, { population: number; communes: number }>();
  for (const c of france) {
    if (!c.departement) continue;
    const d = departementWhole.get(c.departement) ?? { population: 0, communes: 0 };
    d.population += c.population ?? 0;
    d.communes++;
    departementWhole.set(c.departement, d);
  }
  const departementName = new Map(departements.map((d) => [d.code, d.nom]));
  return {
    header: ['epci_name', 'epci_population', 'departement_name', 'departement_population'],
    /** The four columns of one commune. */
    of(code: string, departement: string | undefined): (string | number)[] {
      const epci = epciOfCommune.get(code);
      return [epci?.nom ?? '', epci ? epciWhole.get(epci.code)!.population : '', departementName.get(departement ?? '') ?? '', departementWhole.get(departement ?? '')?.population ?? ''];
    },
    epci: (code: string) => epciWhole.get(code)!,
    departement: (code: string) => departementWhole.get(code)!,
  };
}
const territories = territoryColumns();

// 1. Boundaries: 2018 polygons grouped by current commune.
const communesDir = join(shared, 'data/communes-occitanie');
const partsByCommune = new Map<string, Feature<Polygon | MultiPolygon>[]>();
const unmappedPolygons: string[] = [];
let polygonCount = 0;
for (const file of readdirSync(communesDir).filter((f) => f.endsWith('.geojson')).sort()) {
  const collection = JSON.parse(readFileSync(join(communesDir, file), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  for (const f of collection.features) {
    polygonCount++;
    const code = String(f.properties?.code);
    const target = toCurrent.get(code);
    if (!target) {
      unmappedPolygons.push(code);
      continue;
    }
    const list = partsByCommune.get(target) ?? [];
    list.push(f);
    partsByCommune.set(target, list);
  }
}
const merged: { code: string; from: string[] }[] = [];
const areaOf = new Map<string, Polygon | MultiPolygon>();
for (const [code, parts] of partsByCommune) {
  if (parts.length === 1) {
    areaOf.set(code, parts[0].geometry);
    continue;
  }
  const dissolved = union(featureCollection(parts.map((p) => turfFeature(p.geometry))));
  if (!dissolved) throw new Error(`union of the parts of ${code} is empty`);
  areaOf.set(code, dissolved.geometry);
  merged.push({ code, from: parts.map((p) => String(p.properties?.code)).sort() });
}
const withoutPolygon = current.filter((c) => !areaOf.has(c.code)).map((c) => c.code);
if (withoutPolygon.length > 0) throw new Error(`current communes without a polygon: ${withoutPolygon.join(', ')}`);

// 2. GP counts (BPE D201), old codes mapped to current communes.
const bpe = parseTable(readFileSync(join(shared, 'data/bpe-gp-per-commune/doctor_D201_by_commune_occitanie.csv'), 'utf8'), 'doctor_D201_by_commune_occitanie.csv');
const gps = new Map<string, number>();
const unmappedGp: { code: string; gps: number }[] = [];
let gpTotal = 0;
for (const row of bpe.rows) {
  const count = Number(row.NB_D201);
  gpTotal += count;
  const target = toCurrent.get(row.CODGEO);
  if (!target) unmappedGp.push({ code: row.CODGEO, gps: count });
  else gps.set(target, (gps.get(target) ?? 0) + count);
}

// 3. DREES APL 2022 (COG 2022) on current communes: merged communes take the standardised-population-
// weighted mean of their parts' APL and the sum of their populations.
const drees = parseTable(readFileSync(join(shared, 'data/drees-apl/apl_mg_2022_communes_occitanie.csv'), 'utf8'), 'apl_mg_2022_communes_occitanie.csv');
const aplParts = new Map<string, { apl: number; apl65: number; std: number; total: number; parts: number }>();
const unmappedApl: string[] = [];
for (const row of drees.rows) {
  const code = toCurrent.get(row.code_insee);
  if (!code) {
    unmappedApl.push(row.code_insee);
    continue;
  }
  const std = Number(row.pop_standardisee);
  const acc = aplParts.get(code) ?? { apl: 0, apl65: 0, std: 0, total: 0, parts: 0 };
  acc.apl += Number(row.apl_mg) * std;
  acc.apl65 += Number(row.apl_mg_moins65) * std;
  acc.std += std;
  acc.total += Number(row.pop_totale);
  acc.parts++;
  aplParts.set(code, acc);
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;

// 4. Communes table, with the age-standardised population DREES divides by (the APL's demand).
const round = (x: number) => Math.round(x * 1e5) / 1e5;
const point = new Map<string, [number, number]>();
const communeRows = current.map((c) => {
  const [lon, lat] = representativePoint(areaOf.get(c.code)!);
  point.set(c.code, [round(lon), round(lat)]);
  const epci = epciOf.get(c.code);
  const standardised = aplParts.get(c.code);
  if (!standardised) throw new Error(`commune ${c.code} has no DREES standardised population`);
  return [c.code, c.nom, c.departement, epci?.code ?? '', round(lon), round(lat), c.population ?? 0, r3(standardised.std), gps.get(c.code) ?? 0, ...territories.of(c.code, c.departement)];
});
writeFileSync(join(out, 'communes.csv'), formatTable(['id', 'name', 'departement', 'epci', 'lon', 'lat', 'population', 'standardised_population', 'gps', ...territories.header], communeRows));

// id, name and whole population: a careshed --territories file. `communes` counts those in the region.
const epciRows = [...new Map([...epciOf.values()].map((e) => [e.code, e])).values()]
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((e) => [e.code, e.name, current.filter((c) => epciOf.get(c.code)?.code === e.code).length, territories.epci(e.code).population, territories.epci(e.code).communes]);
writeFileSync(join(out, 'epci.csv'), formatTable(['id', 'name', 'communes', 'population', 'communes_total'], epciRows));

const departementRows = departements
  .filter((d) => d.region === REGION)
  .map((d) => [d.code, d.nom, territories.departement(d.code).population, territories.departement(d.code).communes])
  .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
writeFileSync(join(out, 'departements.csv'), formatTable(['id', 'name', 'population', 'communes'], departementRows));

const gpRows = current
  .filter((c) => (gps.get(c.code) ?? 0) > 0)
  .map((c) => [c.code, c.nom, c.departement, ...point.get(c.code)!, gps.get(c.code)]);
writeFileSync(join(out, 'gp-communes.csv'), formatTable(['id', 'name', 'departement', 'lon', 'lat', 'capacity'], gpRows));

// 5. The known regional centres, at their commune's representative point.
const centres = parseTable(readFileSync(join(shared, 'data/ma-sante-ma-region/centres.csv'), 'utf8'), 'centres.csv');
const centreRows = centres.rows.map((row) => {
  const code = toCurrent.get(row.code_insee);
  if (!code) throw new Error(`centre commune ${row.code_insee} is not a commune of Occitanie`);
  return [`msmr-${row.code_insee}`, `${row.commune}`, code, row.departement, ...point.get(code)!, row.status, row.note];
});
writeFileSync(join(out, 'centres.csv'), formatTable(['id', 'name', 'commune', 'departement', 'lon', 'lat', 'status', 'note'], centreRows));

// 6. DREES's published APL, beside the communes.
const aplRows = current
  .filter((c) => aplParts.has(c.code))
  .map((c) => {
    const a = aplParts.get(c.code)!;
    return [c.code, a.std > 0 ? r3(a.apl / a.std) : '', a.std > 0 ? r3(a.apl65 / a.std) : '', r3(a.std), a.total, a.parts];
  });
writeFileSync(join(out, 'drees-apl-2022.csv'), formatTable(['id', 'apl_mg', 'apl_mg_moins65', 'pop_standardisee', 'pop_totale', 'communes_2022'], aplRows));

// 7. Surroundings: the communes of the départements around the region within NEIGHBOURS_KM of an Occitanie
// commune, with their standardised population and GPs (points by the same rule as above). A commune's APL
// depends on everything within two steps of 20 minutes, 40 minutes: 31 km at the fastest straight-line preset
// (60 km/h × 1.3, 1.3 min/km), 20 km at 45 km/h × 1.5. 60 km leaves room for faster travel models, longer
// decays, and the third step of 3SFCA and BFCA (each competitor's own catchment): 46 km at 1.3 min/km.
const NEIGHBOURS_KM = 60;
const neighbourTable = parseTable(readFileSync(join(shared, 'data/communes-neighbours/communes-neighbours.csv'), 'utf8'), 'communes-neighbours.csv');
const neighbourRows: (string | number)[][] = [];
const neighbourGpRows: (string | number)[][] = [];
neighbourTable.rows.forEach((row, k) => {
  const at = `communes-neighbours.csv line ${neighbourTable.lines[k]}`;
  if (currentCodes.has(row.code)) throw new Error(`${at}: ${row.code} is also a commune of Occitanie`);
  const numbers = ['lon', 'lat', 'population', 'pop_standardisee', 'gps', 'dist_occitanie_km'].map((field) => {
    const value = Number(row[field]);
    if (row[field].trim() === '' || !Number.isFinite(value)) throw new Error(`${at}: ${field} "${row[field]}" is not a number`);
    return value;
  });
  const [lon, lat, population, standardised, gpCount, km] = numbers;
  if (km > NEIGHBOURS_KM) return;
  neighbourRows.push([row.code, row.name, row.departement, lon, lat, population, standardised, gpCount, km]);
  if (gpCount > 0) neighbourGpRows.push([row.code, row.name, row.departement, lon, lat, gpCount]);
});
neighbourRows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
neighbourGpRows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const neighbourText = formatTable(['id', 'name', 'departement', 'lon', 'lat', 'population', 'standardised_population', 'gps', 'km_to_occitanie'], neighbourRows);
writeFileSync(join(out, 'neighbour-communes.csv'), neighbourText);
writeFileSync(join(out, 'neighbour-gp-communes.csv'), formatTable(['id', 'name', 'departement', 'lon', 'lat', 'capacity'], neighbourGpRows));
const sum = (rows: (string | number)[][], column: number) => rows.reduce((t, r) => t + Number(r[column]), 0);

// 8. Simplified boundaries for maps: topology-preserving (shared borders stay shared), 4 decimals.
const boundaryCollection = featureCollection(
  current.map((c) => turfFeature(areaOf.get(c.code)!, { id: c.code, name: c.nom, departement: c.departement })),
) as FeatureCollection<Polygon | MultiPolygon>;
const topo = presimplify(topology({ communes: boundaryCollection }, 1e6) as unknown as Parameters<typeof presimplify>[0]);
const simplified = simplify(topo, quantile(topo, 0.35)) as unknown as Topology;
const boundaries = topoFeature(simplified, simplified.objects.communes as GeometryCollection) as FeatureCollection;
const text = JSON.stringify(boundaries, (_key, value) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value));
writeFileSync(join(out, 'boundaries.geojson'), text + '\n');

// 9. The build report: counts and everything that needed mapping.
const report = {
  built: 'scripts/build-occitanie-fixtures.ts',
  etalabDecoupageAdministratif: etalabVersion,
  communes: current.length,
  population: current.reduce((s, c) => s + (c.population ?? 0), 0),
  polygons2018: polygonCount,
  communesFromMergedPolygons: merged,
  unmappedPolygons,
  gpRows: bpe.rows.length,
  gpTotal,
  gpMapped: [...gps.values()].reduce((s, x) => s + x, 0),
  gpCommunes: gpRows.length,
  unmappedGp,
  dreesAplRows: drees.rows.length,
  dreesAplCommunes: aplRows.length,
  unmappedApl,
  communesWithoutApl: current.filter((c) => !aplParts.has(c.code)).map((c) => c.code),
  communesWithoutEpci: current.filter((c) => !epciOf.has(c.code)).map((c) => c.code),
  centres: centreRows.length,
  neighbours: {
    withinKm: NEIGHBOURS_KM,
    rows: neighbourTable.rows.length,
    communes: neighbourRows.length,
    departements: [...new Set(neighbourRows.map((r) => String(r[2])))].sort(),
    population: sum(neighbourRows, 5),
    standardisedPopulation: Math.round(sum(neighbourRows, 6)),
    gps: sum(neighbourRows, 7),
    gpCommunes: neighbourGpRows.length,
    bytes: Buffer.byteLength(neighbourText),
  },
  boundariesBytes: text.length,
};
writeFileSync(join(out, 'build-report.json'), JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify({ ...report, communesFromMergedPolygons: merged.length }, null, 2));
