import { describe, expect, it } from 'vitest';
import { crowFly, CROW_FLY_ERRORS } from '../src/index.js';
import { careshed } from './cli-run.js';

// Every JSON a command writes states the travel model in words, with its known error.
const communes = 'fixtures/occitanie/communes.csv';
const centres = 'fixtures/occitanie/centres.csv';
const gps = 'fixtures/occitanie/gp-communes.csv';

describe('the travel model, stated in words in every JSON output', () => {
  const words = crowFly().describe().words;
  // Written here from the preset's evidence, not from the code's sentence: the errors it must state.
  const errors = `median ${Math.round(100 * CROW_FLY_ERRORS.regional.toulouse.medianRelative)} % to ${Math.round(100 * CROW_FLY_ERRORS.regional.andorra.medianRelative)} %`;

  it.each([
    ['coverage', ['--demand', communes, '--supply', centres]],
    ['access', ['--demand', communes, '--supply', gps, '--method', 'apl', '-q']],
    ['rank', ['--demand', communes, '--supply', gps, '--by', 'departement', '-q']],
    ['site', ['--demand', communes, '--candidates', gps, '--supply', centres, '--model', 'mclp', '--p', '1', '--solver', 'heuristic']],
  ])('%s', (command, args) => {
    const run = careshed(command, ...args);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.travel).toBe('crow:45:1.5');
    expect(json.travelModel).toEqual({ spec: 'crow', words });
    expect(json.travelModel.words).toContain('45 km/h');
    expect(json.travelModel.words).toContain(errors);
  });

  it('compare, for each run', () => {
    const run = careshed('compare', 'examples/scenarios/baseline.json', 'examples/scenarios/target-20.json');
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.baseline.travelModel.words).toBe(words);
    expect(json.scenario.travelModel.words).toBe(words);
  });
});
