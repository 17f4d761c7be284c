import fc from 'fast-check';

/**
 * Every property test runs from one seed, so that `npm test` gives the same verdict on every run: a failure is a
 * bug to mend, never a roll of the dice. FC_SEED=random (or a number) runs them from other seeds, to hunt for
 * counterexamples: `FC_SEED=random npx vitest run test/reach.test.ts`; a failure prints its seed and path.
 */
const chosen = process.env.FC_SEED;
const seed = chosen === undefined || chosen === '' ? 20_261_202 : chosen === 'random' ? (Math.random() * 2 ** 31) | 0 : Number(chosen);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not "${chosen}"`);
fc.configureGlobal({ seed });
