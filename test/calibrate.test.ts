import { describe, expect, it } from 'vitest';
import { calibrateCrowFly, crowFly, crowFlyError, CROW_FLY_ERRORS, CROW_FLY_PRESETS, RoadGraphBuilder, greatCircleKm, travelFromSpec, CrowFly } from '../src/index.js';

describe('calibrateCrowFly', () => {
  // A 20 × 20 Manhattan grid, 0.01° apart, every street two-way at 60 km/h.
  const b = new RoadGraphBuilder();
  const id = (x: number, y: number) => x * 20 + y;
  for (let x = 0; x < 20; x++) for (let y = 0; y < 20; y++) b.addNode(1 + x * 0.01, 43 + y * 0.01);
  const street = (u: number, v: number, lon1: number, lat1: number, lon2: number, lat2: number) => {
    const km = greatCircleKm(lon1, lat1, lon2, lat2);
    b.addArc(u, v, km, km);
    b.addArc(v, u, km, km);
  };
  for (let x = 0; x < 20; x++) for (let y = 0; y < 20; y++) {
    if (x < 19) street(id(x, y), id(x + 1, y), 1 + x * 0.01, 43 + y * 0.01, 1 + (x + 1) * 0.01, 43 + y * 0.01);
    if (y < 19) street(id(x, y), id(x, y + 1), 1 + x * 0.01, 43 + y * 0.01, 1 + x * 0.01, 43 + (y + 1) * 0.01);
  }
  const graph = b.finish();

  it('finds the speed of a network driven at 60 km/h and the Manhattan detour', () => {
    const fit = calibrateCrowFly(graph, { trips: 300, seed: 7 });
    expect(fit.trips).toBe(300);
    // km = minutes on every arc, so road km ÷ hours is exactly 60 km/h.
    expect(fit.speedKmh).toBeCloseTo(60, 6);
    // For random pairs in a unit square, E(|Δx|+|Δy|) = 2/3 and E√(Δx²+Δy²) ≈ 0.5214: a ratio of 1.28.
    expect(fit.detour).toBeGreaterThan(1.2);
    expect(fit.detour).toBeLessThan(1.36);
    expect(fit.minutesPerKm).toBeGreaterThan(1.2);
  });

  it('is repeatable with a seed', () => {
    expect(calibrateCrowFly(graph, { trips: 50, seed: 3 })).toEqual(calibrateCrowFly(graph, { trips: 50, seed: 3 }));
  });

  it('offers the fitted presets on the command line spelling', () => {
    const mountain = travelFromSpec('crow:mountain') as CrowFly;
    expect(mountain.speedKmh).toBe(CROW_FLY_PRESETS.mountain.speedKmh);
    expect(mountain.detour).toBe(CROW_FLY_PRESETS.mountain.detour);
  });
});

describe('crowFlyError', () => {
  it('by hand: three trips of 1, 2 and 4 km that took 2, 4 and 10 minutes, judged at 2 minutes per km', () => {
    // Errors 0, 0, −2 minutes: bias −2/3; |errors| sorted 0, 0, 2; relative 0, 0, 0.2.
    const e = crowFlyError({ crowKm: [1, 2, 4], minutes: [2, 4, 10] }, 2);
    expect(e.bias).toBeCloseTo(-2 / 3, 12);
    expect(e.medianAbsolute).toBe(0);
    expect(e.p90Absolute).toBe(2);
    expect(e.medianRelative).toBe(0);
  });
});

describe('the straight-line defaults come from the evidence (examples/calibrate-crow-fly.ts, refitted here)', async () => {
  const { calibrate } = await import('../examples/calibrate-crow-fly.js');
  const c = await calibrate();

  it('the default is the fitted minutes per km: Toulouse, Andorra and the DREES agreement, averaged', () => {
    expect(c.networks.toulouse.trips).toBe(600);
    expect(c.networks.andorra.trips).toBe(600);
    expect(crowFly().minutesPerKm).toBeCloseTo(c.fitted, 10);
    expect(c.fitted).toBeCloseTo(Math.round(((c.networks.toulouse.minutesPerKm + c.networks.andorra.minutesPerKm + c.dreesBest) / 3) * 10) / 10, 10);
    // The networks bracket it: city streets are faster, mountain roads slower.
    expect(c.networks.toulouse.minutesPerKm).toBeLessThan(c.fitted);
    expect(c.networks.andorra.minutesPerKm).toBeGreaterThan(c.fitted);
  });

  it('the urban and mountain presets are the Toulouse and Andorra fits', () => {
    expect(crowFly(CROW_FLY_PRESETS.urban).minutesPerKm).toBeCloseTo(c.networks.toulouse.minutesPerKm, 1);
    expect(crowFly(CROW_FLY_PRESETS.mountain).minutesPerKm).toBeCloseTo(c.networks.andorra.minutesPerKm, 1);
  });

  it('every preset states the errors a fresh calibration measures', () => {
    for (const p of c.presets) {
      for (const network of ['toulouse', 'andorra'] as const) {
        expect(CROW_FLY_ERRORS[p.name][network].medianRelative, `${p.name} on ${network}`).toBeCloseTo(Math.round(100 * p[network].medianRelative) / 100, 10);
        expect(CROW_FLY_ERRORS[p.name][network].bias, `${p.name} on ${network}`).toBeCloseTo(Math.round(10 * p[network].bias) / 10, 10);
      }
    }
  });

  it('the README shows the fit and the presets as a fresh calibration measures them', async () => {
    const { readFileSync } = await import('node:fs');
    const { presetTable } = await import('../examples/calibrate-crow-fly.js');
    const readme = readFileSync('README.md', 'utf8');
    for (const line of presetTable(c)) expect(readme).toContain(line);
    const n = (x: { minutesPerKm: number; detour: number; speedKmh: number }) => `${x.minutesPerKm.toFixed(2)} minutes per km (detour ${x.detour.toFixed(2)}, ${x.speedKmh.toFixed(1)} km/h`;
    expect(readme).toContain(n(c.networks.toulouse));
    expect(readme).toContain(n(c.networks.andorra));
    expect(readme).toContain(`best at ${c.dreesBest.toFixed(1)} minutes per km`);
  });

  it('says so in words, with the errors', () => {
    const words = crowFly().describe().words;
    expect(crowFly().describe().spec).toBe('crow');
    expect(words).toContain('45 km/h');
    expect(words).toContain('2.00 minutes per straight-line km');
    expect(words).toContain(`median ${Math.round(100 * CROW_FLY_ERRORS.regional.toulouse.medianRelative)} % to ${Math.round(100 * CROW_FLY_ERRORS.regional.andorra.medianRelative)} %`);
    expect(crowFly({ speedKmh: 60, detour: 1.3 }).describe().spec).toBe('crow:lowland');
    expect(crowFly({ speedKmh: 50, detour: 1.5 }).describe().words).toContain('10 % faster than');
  });
});
