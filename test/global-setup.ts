import { existsSync } from 'node:fs';

/** The CLI tests run the built binary: `npm test` builds it first. */
export default function setup(): void {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before vitest');
}
