import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const define = { CARESHED_VERSION: JSON.stringify(version) };

// ESM only: kdbush, geokdbush, flatqueue and polylabel are ESM-only, and Node >= 20.19 can require() ESM.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
    format: ['esm'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    external: [/^node:/],
    define,
  },
  {
    // The HTML report's script: the core library and the page logic in one file the report inlines.
    entry: { 'careshed-report': 'src/report/page.ts' },
    format: ['iife'],
    globalName: 'careshed',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    clean: false,
    define,
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    define,
  },
]);
