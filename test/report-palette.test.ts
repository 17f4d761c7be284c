import { describe, expect, it } from 'vitest';
import { ACCESS_RAMP, TRAVEL_BANDS } from '../src/report/map.js';
import { mapLayers } from '../src/report/layers.js';
import { GP_TERMS } from '../src/report/words.js';
import { deltaE2000, parseHex, seenDelta, simulate, toLab, type Deficiency } from './colour-vision.js';

describe('colour science (the formulas the palette test rests on)', () => {
  it('CIEDE2000 gives the published values of Sharma, Wu & Dalal (2005), Table 1', () => {
    // Pairs 1, 7, 13, 17, 25 and 34 of the paper's 34 test pairs, to 4 decimals.
    const pairs: [[number, number, number], [number, number, number], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ];
    for (const [a, b, expected] of pairs) expect(deltaE2000(a, b)).toBeCloseTo(expected, 4);
  });

  it('sRGB to CIELAB: white, black and the primaries at their known D65 values', () => {
    toLab(parseHex('#ffffff')).forEach((x, k) => expect(x).toBeCloseTo([100, 0, 0][k], 2));
    expect(toLab(parseHex('#000000'))[0]).toBeCloseTo(0, 6);
    const red = toLab(parseHex('#ff0000'));
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
  });

  it('the simulation keeps greys grey and merges red and green for a deuteranope (Machado et al. 2009)', () => {
    for (const grey of ['#000000', '#808080', '#ffffff']) {
      const seen = simulate(parseHex(grey), 'deuteranopia');
      parseHex(grey).forEach((c, k) => expect(seen[k]).toBeCloseTo(c, 2));
    }
    expect(seenDelta('#ff0000', '#00ff00', 'normal')).toBeGreaterThan(80);
    expect(seenDelta('#d73027', '#1a9850', 'deuteranopia')).toBeLessThan(seenDelta('#d73027', '#1a9850', 'normal') / 2);
  });

  it('reproduces the issue: the old red-to-green bands 10–15 and 20–30 min were 73 apart (CIE76) in normal vision, 8 for a deuteranope', () => {
    expect(seenDelta('#a6d96a', '#fc8d59', 'normal', 'cie76')).toBeCloseTo(73, 0);
    expect(seenDelta('#a6d96a', '#fc8d59', 'deuteranopia', 'cie76')).toBeCloseTo(8, 0);
    expect(seenDelta('#fdae61', '#a6d96a', 'deuteranopia', 'cie76')).toBeCloseTo(6, 0);
  });
});

describe('the report palette', () => {
  const layers = mapLayers(15, GP_TERMS, 2.5);

  it('every map class uses the one ramp, worst first, and the travel bands are that ramp nearest darkest', () => {
    for (const layer of layers) expect(layer.classes.map((c) => c.colour)).toEqual([...ACCESS_RAMP]);
    expect(TRAVEL_BANDS.map((b) => b.colour)).toEqual([...ACCESS_RAMP].reverse());
  });

  it('adjacent classes stay at least 15 apart (CIEDE2000) in normal vision and for deuteranopes and protanopes, 14 for tritanopes', () => {
    const floor: Record<Deficiency, number> = { normal: 15, deuteranopia: 15, protanopia: 15, tritanopia: 14 };
    for (const deficiency of Object.keys(floor) as Deficiency[]) {
      for (let k = 1; k < ACCESS_RAMP.length; k++) {
        const delta = seenDelta(ACCESS_RAMP[k - 1], ACCESS_RAMP[k], deficiency);
        expect(delta, `${deficiency}: ${ACCESS_RAMP[k - 1]} against ${ACCESS_RAMP[k]}`).toBeGreaterThanOrEqual(floor[deficiency]);
      }
    }
  });

  it('lightness falls class by class, for every viewer: the order reads in greyscale and with any deficiency', () => {
    for (const deficiency of ['normal', 'deuteranopia', 'protanopia', 'tritanopia'] as const) {
      const lightness = ACCESS_RAMP.map((hex) => toLab(simulate(parseHex(hex), deficiency))[0]);
      for (let k = 1; k < lightness.length; k++) expect(lightness[k], deficiency).toBeLessThan(lightness[k - 1] - 5);
    }
  });

  it('the line a layer draws (the target, the under-served threshold) falls between two of its most distinct classes for a deuteranope', () => {
    for (const layer of layers.filter((l) => l.split)) {
      const at = layer.split!.at;
      const edge = seenDelta(layer.classes[at - 1].colour, layer.classes[at].colour, 'deuteranopia');
      expect(edge, layer.key).toBeGreaterThanOrEqual(20);
    }
  });
});
