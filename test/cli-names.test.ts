import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable } from '../src/index.js';
import { careshed } from './cli-run.js';

// What a planner reads: names, territories cut by the border, every figure kept in every format.
const dir = mkdtempSync(join(tmpdir(), 'careshed-names-'));
const communes = 'fixtures/occitanie/communes.csv';
const gps = 'fixtures/occitanie/gp-communes.csv';
const centres = 'fixtures/occitanie/centres.csv';

const read = (path: string) => parseTable(readFileSync(path, 'utf8'), path);
const table = (name: string) => parseTable(readFileSync(`fixtures/occitanie/${name}`, 'utf8'), name);

// The EPCIs as the fixtures have them, independently of the code under test: name and whole population from
// epci.csv, the population inside the region summed from communes.csv.
const epci = new Map(table('epci.csv').rows.map((r) => [r.id, { name: r.name, whole: Number(r.population), inside: 0 }]));
for (const row of table('communes.csv').rows) epci.get(row.epci)!.inside += Number(row.population);
const partialEpcis = [...epci].filter(([, e]) => e.inside < 0.995 * e.whole).map(([id]) => id);

describe('careshed rank: names and territories cut by the border', () => {
  const out = join(dir, 'rank.csv');
  const run = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--out', out);

  it('names every EPCI with no flag and ranks the partial ones after all the whole ones', () => {
    expect(run.status, run.stderr).toBe(0);
    const rows = read(out).rows;
    expect(rows).toHaveLength(epci.size);
    for (const r of rows) expect(r.name).toBe(epci.get(r.key)!.name);
    // Six EPCIs straddle the border: CC Pays de Nay has 167 of its inhabitants in Occitanie.
    expect(partialEpcis).toHaveLength(6);
    const partial = rows.filter((r) => r.partial === 'true');
    expect(partial.map((r) => r.key).sort()).toEqual([...partialEpcis].sort());
    expect(rows.slice(rows.length - partial.length).every((r) => r.partial === 'true')).toBe(true);
    expect(rows.map((r) => Number(r.rank))).toEqual(rows.map((_, k) => k + 1));
    const nay = rows.find((r) => r.name === 'CC Pays de Nay')!;
    expect(Number(nay.population)).toBe(epci.get(nay.key)!.inside);
    expect(Number(nay.share_inside)).toBeCloseTo(epci.get(nay.key)!.inside / epci.get(nay.key)!.whole, 4);
    expect(nay.reason).toMatch(/^partial: 167 of its 28,940 inhabitants in the study area \(1 %\); /);
    // Whole ones by score, worst first; then the partial ones by score.
    const whole = rows.filter((r) => r.partial === 'false').map((r) => Number(r.score));
    expect(whole).toEqual([...whole].sort((a, b) => b - a));
  });

  it('says on standard error what it found, by name, when writing to a file', () => {
    const rows = read(out).rows;
    expect(run.stderr).toContain(`careshed rank: ${epci.size} epci territories ranked, score 0 (best) to 100 (worst); 6 partial (cut by the study area's border) ranked after the ${epci.size - 6} whole ones; worst:`);
    // The first line names the worst by name, with its score (to 0.1; the CSV has it to 0.01) and its reason.
    const first = new RegExp(`^  1\\. (.*): (\\d+\\.\\d); (.*)$`, 'm').exec(run.stderr)!;
    expect([first[1], first[3]]).toEqual([rows[0].name, rows[0].reason]);
    expect(Math.abs(Number(first[2]) - Number(rows[0].score))).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(run.stderr).toContain(`careshed rank: wrote ${out}`);
    const quiet = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--top', '3', '--out', join(dir, 'quiet.csv'), '--quiet');
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('gives the same table as the demo\'s ranking-epci.csv, row for row, on the same inputs', () => {
    // The demo ranks on its frame: the GPs and today's 8 centres (4 GPs each), demand weighed by DREES's
    // age-standardised population (the standardised_population column of communes.csv, taken by default),
    // the communes around the region counted: the same inputs, given to rank.
    const mine = join(dir, 'rank-standardised.csv');
    const frame = join(dir, 'gps-and-centres.csv');
    const rowsOf = (file: string) => parseTable(readFileSync(file, 'utf8'), file).rows;
    writeFileSync(frame, ['id,lon,lat,capacity', ...rowsOf(gps).map((r) => [r.id, r.lon, r.lat, r.capacity].join(',')), ...rowsOf(centres).map((r) => [r.id, r.lon, r.lat, 4].join(','))].join('\n') + '\n');
    const around = ['--surroundings-demand', 'fixtures/occitanie/neighbour-communes.csv', '--surroundings-supply', 'fixtures/occitanie/neighbour-gp-communes.csv'];
    expect(careshed('rank', '--demand', communes, '--supply', frame, ...around, '--by', 'epci', '--out', mine, '-q').status).toBe(0);
    const demo = join(dir, 'demo');
    const run = careshed('demo', '--out', demo, '--p', '2', '--time-limit', '0', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(demo, 'ranking-epci.csv'), 'utf8')).toBe(readFileSync(mine, 'utf8'));
  });

  it('takes the names and whole populations of a --territories file, and says which codes it lacks', () => {
    const territories = join(dir, 'territories.csv');
    // Conques-Marcillac renamed, and said to be twice as large as the region holds of it: now partial.
    const conques = epci.get('241200641')!;
    writeFileSync(territories, `id,name,population\n241200641,Conques,${2 * conques.inside}\n246401756,Nay,\n`);
    const out = join(dir, 'rank-territories.json');
    const run = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--territories', territories, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`careshed rank: ${epci.size - 2} epci values of the demand are not in ${territories} (they keep their code as name):`);
    const ranked = JSON.parse(readFileSync(out, 'utf8')).territories as { key: string; name: string; partial: boolean; shareInside: number | null }[];
    expect(ranked.find((t) => t.key === '241200641')).toMatchObject({ name: 'Conques', partial: true, shareInside: 0.5 });
    // Nay keeps its whole population from communes.csv (the file leaves it empty) and takes the file's name.
    expect(ranked.find((t) => t.key === '246401756')).toMatchObject({ name: 'Nay', partial: true });
    expect(ranked.find((t) => t.key === '200006930')!.name).toBe('CC du Haut Allier Margeride');
    const bad = join(dir, 'bad-territories.csv');
    writeFileSync(bad, 'id,name,population\n241200641,Conques,many\n');
    const refused = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--territories', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${bad}, line 2, id "241200641", field "population", value "many": is not a number; expected a population >= 0`);
    expect(careshed('rank', '--demand', communes, '--supply', gps, '--territories', bad).stderr).toContain('--territories goes with --by');
  });

  it('draws each commune with its EPCI\'s rank and figures in GeoJSON', () => {
    const out = join(dir, 'rank.geojson');
    expect(careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--out', out, '-q').status).toBe(0);
    const features = JSON.parse(readFileSync(out, 'utf8')).features as { properties: Record<string, unknown> }[];
    expect(features).toHaveLength(4446);
    const rows = new Map(read(join(dir, 'rank.csv')).rows.map((r) => [r.key, r]));
    const first = features[0].properties;
    const row = rows.get(String(first.epci))!;
    // The commune's own id, name and population; its EPCI's row under territory_, whole (no figure unprefixed).
    expect(first).toEqual({
      id: '09001', name: 'Aigues-Juntes', population: 59, epci: row.key,
      ...Object.fromEntries(Object.entries(row).filter(([c]) => c !== 'key').map(([c, v]) => [`territory_${c}`, v === '' ? null : c === 'reason' || c === 'name' ? v : c === 'partial' ? v === 'true' : Number(v)])),
    });
    // The territory's population is its communes' (all in the region for this EPCI), the commune's its own.
    const communesOf = features.filter((f) => f.properties.epci === row.key);
    expect(first.territory_population).toBe(communesOf.reduce((t, f) => t + (f.properties.population as number), 0));
    expect(communesOf.every((f) => f.properties.territory_rank === first.territory_rank)).toBe(true);
  });
});

describe('careshed coverage: --by kept in every format', () => {
  it('writes each commune with its EPCI and name, and the EPCIs\' summaries that the rows add up to', () => {
    const out = join(dir, 'coverage.csv');
    const byOut = join(dir, 'coverage-epci.csv');
    const run = careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'epci', '--minutes', '20', '--out', out, '--by-out', byOut);
    expect(run.status, run.stderr).toBe(0);
    const rows = read(out).rows;
    expect(read(out).columns).toEqual(['id', 'name', 'population', 'nearest', 'nearest_name', 'minutes', 'covered', 'epci', 'epci_name']);
    for (const r of rows) expect(r.epci_name).toBe(epci.get(r.epci)!.name);
    const sums = new Map<string, { population: number; covered: number; count: number }>();
    for (const r of rows) {
      const s = sums.get(r.epci) ?? { population: 0, covered: 0, count: 0 };
      s.population += Number(r.population);
      s.covered += r.covered === 'true' ? Number(r.population) : 0;
      s.count++;
      sums.set(r.epci, s);
    }
    const groups = read(byOut).rows;
    expect(groups).toHaveLength(epci.size);
    for (const g of groups) {
      const s = sums.get(g.key)!;
      expect([g.by, g.name, Number(g.population), Number(g.covered_population), Number(g.demand_count), g.partial === 'true']).toEqual(['epci', epci.get(g.key)!.name, s.population, s.covered, s.count, partialEpcis.includes(g.key)]);
    }
    expect(run.stderr).toMatch(/^careshed coverage: 4,446 demand points, 6,124,653 inhabitants; within 20 min of one of 8 sites: [\d,]+ \([\d.]+ %\)/);
    expect(run.stderr).toMatch(/\n {2}by epci, least covered: [^\n]+ 0\.0 %/);
    expect(run.stderr).toContain(`careshed coverage: wrote ${byOut}`);
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--by-out', byOut).stderr).toContain('--by-out needs --by');
  });

  it('keeps the groups, with names, in JSON, and the territory on each feature in GeoJSON', () => {
    const json = JSON.parse(careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement').stdout);
    const names = new Map(table('departements.csv').rows.map((r) => [r.id, r.name]));
    expect(json.groups.departement.map((g: { key: string; name: string }) => g.name)).toEqual(json.groups.departement.map((g: { key: string }) => names.get(g.key)));
    expect(json.groups.departement.every((g: { partial: boolean }) => !g.partial)).toBe(true);
    const out = join(dir, 'coverage.geojson');
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement', '--out', out, '-q').status).toBe(0);
    const feature = JSON.parse(readFileSync(out, 'utf8')).features.find((f: { properties: { id: string } }) => f.properties.id === '31555');
    expect(feature.properties).toMatchObject({ id: '31555', name: 'Toulouse', departement: '31', departement_name: 'Haute-Garonne', covered: false });
    expect(feature.properties.population).toBe(Number(table('communes.csv').rows.find((r) => r.id === '31555')!.population));
  });

  it('takes the names of the demand points from --name-field', () => {
    const demand = join(dir, 'named.csv');
    writeFileSync(demand, 'id,lon,lat,population,libelle\na,1.18,43.11,10,Sainte-Croix\nb,1.27,44.69,20,Salviac\n');
    const out = join(dir, 'named.csv.out.csv');
    expect(careshed('coverage', '--demand', demand, '--supply', centres, '--name-field', 'libelle', '--out', out, '-q').status).toBe(0);
    expect(read(out).rows.map((r) => r.name)).toEqual(['Sainte-Croix', 'Salviac']);
    const typo = careshed('coverage', '--demand', demand, '--supply', centres, '--name-field', 'libele');
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain(`${demand}, field "libele": no attribute "libele"; attributes found: libelle (did you mean "libelle"?) [MISSING_COLUMN]`);
  });
});

describe('careshed access: every decay kept, the method named as asked', () => {
  it('reports the APL as apl, and keeps each decay in JSON, CSV and GeoJSON', () => {
    const apl = JSON.parse(careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl').stdout);
    expect(apl.summary.method).toBe('apl');
    const out = join(dir, 'access.geojson');
    const run = careshed('access', '--demand', communes, '--supply', gps, '--method', 'gravity', '--decay', 'gravity:1|2:30', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const features = JSON.parse(readFileSync(out, 'utf8')).features as { properties: Record<string, number | string | null> }[];
    const json = JSON.parse(careshed('access', '--demand', communes, '--supply', gps, '--method', 'gravity', '--decay', 'gravity:1|2:30').stdout);
    expect(json.byDecay.map((d: { decay: string }) => d.decay)).toEqual(['gravity:1:30', 'gravity:2:30']);
    expect(json.demand[5].values).toEqual({ 'gravity:1:30': json.byDecay[0].values[5], 'gravity:2:30': json.byDecay[1].values[5] });
    expect(features[5].properties).toEqual({ id: json.demand[5].id, name: table('communes.csv').rows[5].name, population: Number(table('communes.csv').rows[5].population), 'gravity:1:30': json.byDecay[0].values[5], 'gravity:2:30': json.byDecay[1].values[5] });
    expect(run.stderr).toMatch(/careshed access: gravity \(gravity:1:30\) over 4,446 demand points and 1,065 sites, in capacity \(GPs\) per inhabitant: population-weighted mean [\d.e-]+; lowest: /);
    expect(run.stderr).toMatch(/careshed access: gravity \(gravity:2:30\)/);
    expect(careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--decay', 'binary:30').stderr).toContain('--method apl has its own decay');
  });
});
