import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, distance } from '@turf/turf';
import { coverage, coverageBy, crowFly, parseTable } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { bruteNearest, points } from './brute.js';

const occitanie = loadOccitanie();
const { communes, gpCommunes, centres } = occitanie;

describe('Occitanie fixtures', () => {
  it('hold the 4,446 current communes and their 6,124,653 inhabitants (@etalab/decoupage-administratif)', () => {
    expect(communes.size).toBe(4446);
    expect(communes.totalPopulation).toBe(6_124_653);
    expect(new Set(communes.attribute('departement'))).toEqual(new Set(['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82']));
    expect(communes.attribute('epci').every((e) => /^\d{9}$/.test(e))).toBe(true);
  });

  it('keep INSEE codes as strings with their leading zero', () => {
    expect(communes.indexOf('09257')).toBeGreaterThanOrEqual(0);
    expect(communes.ids.every((id) => /^\d[\dAB]\d{3}$/.test(id))).toBe(true);
  });

  it('carry the BPE GP counts of shared/data SOURCE.md: 6,282 GPs, and the examples it lists', () => {
    const gps = communes.attribute('gps').map(Number);
    expect(gps.reduce((a, b) => a + b, 0)).toBe(6282);
    const gpOf = (code: string) => gps[communes.indexOf(code)];
    expect(gpOf('09257')).toBe(1); // Sainte-Croix-Volvestre
    expect(gpOf('46297')).toBe(1); // Salviac
    expect(gpOf('46066')).toBe(3); // Cazals
    expect(gpOf('66108')).toBe(6); // Millas
    expect(gpOf('82033')).toBe(11); // Castelsarrasin
    expect(gpOf('82096')).toBe(1); // La Ville-Dieu-du-Temple
    expect(gpOf('82171')).toBe(0); // Saint-Porquier
    expect(gpOf('11124')).toBe(4); // Durban-Corbières
    expect(gpCommunes.size).toBe(gps.filter((g) => g > 0).length);
    expect(Array.from(gpCommunes.capacity).reduce((a, b) => a + b, 0)).toBe(6282);
  });

  it('place the 8 named regional centres in their communes', () => {
    expect(centres.size).toBe(8);
    expect(centres.attribute('commune')).toEqual(['09257', '46297', '66108', '46066', '82033', '82096', '82171', '11124']);
    centres.attribute('commune').forEach((code, j) => {
      const i = communes.indexOf(code);
      expect(centres.lon[j]).toBe(communes.lon[i]);
      expect(centres.lat[j]).toBe(communes.lat[i]);
    });
  });

  it('put every commune point inside its own (simplified) boundary', () => {
    const boundaries = occitanie.boundaries();
    expect(boundaries.features.length).toBe(4446);
    const outside = boundaries.features.filter((f) => {
      const i = communes.indexOf(String(f.properties?.id));
      return !booleanPointInPolygon([communes.lon[i], communes.lat[i]], f);
    });
    expect(outside.map((f) => f.properties?.id)).toEqual([]);
  });
});

describe('the surroundings: communes of the départements around Occitanie within 60 km (shared/data/communes-neighbours)', () => {
  const { surroundings } = occitanie;
  const around = surroundings.communes;
  const shared = parseTable(readFileSync('../shared/data/communes-neighbours/communes-neighbours.csv', 'utf8'), 'communes-neighbours.csv').rows;
  const dreesFrance = new Map(parseTable(readFileSync('../shared/data/drees-apl/apl_mg_2022_communes_france.csv', 'utf8'), 'apl_mg_2022_communes_france.csv').rows.map((r) => [r.code_insee, r]));

  it('hold the totals SOURCE.md gives for 60 km: 2,582 communes, 3,176,386 inhabitants, 2,991 GPs', () => {
    expect(around.size).toBe(2582);
    expect(around.totalPopulation).toBe(3_176_386);
    expect(around.attribute('gps').reduce((t, g) => t + Number(g), 0)).toBe(2991);
    expect(Array.from(surroundings.gpCommunes.capacity).reduce((t, c) => t + c, 0)).toBe(2991);
    expect(surroundings.gpCommunes.ids).toEqual(around.ids.filter((_, i) => Number(around.attribute('gps')[i]) > 0));
    expect(shared).toHaveLength(5466);
  });

  it('are exactly the shared rows within 60 km, none of them a commune of Occitanie', () => {
    const within = shared.filter((r) => Number(r.dist_occitanie_km) <= 60).map((r) => r.code).sort();
    expect([...around.ids]).toEqual(within);
    expect(around.ids.filter((id) => communes.indexOf(id) >= 0)).toEqual([]);
    const departements = new Set(around.attribute('departement'));
    for (const d of departements) expect(['04', '05', '07', '13', '15', '19', '24', '26', '33', '40', '42', '43', '47', '63', '64', '83', '84', '87']).toContain(d);
    expect(departements.size).toBe(15);
  });

  it('lie within 60 km of an Occitanie commune point (every 20th checked against all 4,446 with turf)', () => {
    const km = around.attribute('km_to_occitanie').map(Number);
    expect(Math.max(...km)).toBeLessThanOrEqual(60);
    for (let k = 0; k < around.size; k += 20) {
      let nearest = Infinity;
      for (let i = 0; i < communes.size; i++) nearest = Math.min(nearest, distance([around.lon[k], around.lat[k]], [communes.lon[i], communes.lat[i]], { units: 'kilometers' }));
      expect(Math.abs(nearest - km[k])).toBeLessThanOrEqual(0.06);
    }
  });

  it('carry the standardised population DREES published, and so do the communes of Occitanie', () => {
    const std = around.attribute('standardised_population');
    around.ids.forEach((id, i) => expect(Number(std[i])).toBe(Number(dreesFrance.get(id)!.pop_standardisee)));
    // Occitanie's communes: DREES's own value where the commune is unchanged since 2022, else the sum of its
    // 2022 parts, as in drees-apl-2022.csv.
    const mine = communes.attribute('standardised_population').map(Number);
    const fixture = new Map(parseTable(readFileSync('fixtures/occitanie/drees-apl-2022.csv', 'utf8')).rows.map((r) => [r.id, Number(r.pop_standardisee)]));
    let unmerged = 0;
    communes.ids.forEach((id, i) => {
      expect(mine[i]).toBe(fixture.get(id));
      if (Number(dreesFrance.get(id)?.pop_standardisee) === mine[i]) unmerged++;
    });
    expect(unmerged).toBeGreaterThan(4400);
    expect(Array.from(occitanie.drees.standardisedPopulation)).toEqual(mine);
  });
});

describe('coverage on Occitanie equals a brute-force all-pairs computation', () => {
  for (const [name, sites] of [
    ['GP communes', gpCommunes],
    ['regional centres', centres],
  ] as const) {
    it(`for the ${name}`, () => {
      const result = coverage(crowFly().reach(communes, sites, { maxMinutes: 15 }), communes, { targetMinutes: 15 });
      const nearest = bruteNearest(points(communes), points(sites));
      let covered = 0;
      let ambiguous = 0;
      for (let i = 0; i < communes.size; i++) {
        const [, minutes] = nearest[i];
        expect(result.minutes[i]).toBeCloseTo(minutes, 3);
        if (Math.abs(minutes - 15) <= 1e-4) ambiguous++;
        else expect(result.covered[i]).toBe(minutes <= 15 ? 1 : 0);
        if (minutes <= 15) covered += communes.population[i];
      }
      expect(ambiguous).toBe(0);
      expect(result.summary.coveredPopulation).toBe(covered);
      const byDepartement = coverageBy(result, communes, 'departement');
      expect(byDepartement).toHaveLength(13);
      expect(byDepartement.reduce((t, g) => t + g.population, 0)).toBe(6_124_653);
    });
  }
});
