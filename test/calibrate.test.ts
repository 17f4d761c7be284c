import { describe, expect, it } from 'vitest';
import { calibrateCrowFly, CROW_FLY_PRESETS, RoadGraphBuilder, greatCircleKm, travelFromSpec, CrowFly } from '../src/index.js';

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
