import { checkArgument } from './arguments.js';
/** mulberry32: a small seeded generator of numbers in [0, 1), so that runs can be repeated bit for bit. */
export function seededRandom(seed: number): () => number {
  checkArgument('seededRandom', 'seed', seed, Number.isInteger(seed), 'a whole number (the same seed gives the same numbers)');
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
