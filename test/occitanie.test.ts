import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import { coverage, coverageBy, crowFly } from '../src/index.js';
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
