import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { occitanieFolder } from './occitanie.js';
import type { NamedPath } from './output-guard.js';
import { MAP_FILES } from './map-files.js';

// What the demo writes and reads, apart from how it runs: the command line checks its paths at start-up
// without loading the report's code (maps, projections), which only the run needs.

export const DEMO_FILES = ['report.html', ...MAP_FILES, 'ranking-epci.csv', 'sites.geojson', 'summary.json'];

/** The files the demo reads: the embedded data, which its outputs must never replace. */
export function demoInputs(): NamedPath[] {
  const fixtures = occitanieFolder();
  return readdirSync(fixtures).map((name) => ({ label: 'the embedded data', path: join(fixtures, name) }));
}

