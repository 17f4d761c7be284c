import type { Accessibility } from '../access/floating-catchment.js';
import type { Demand } from '../model/points.js';
import { STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { count, figure, type CommandOutput } from './output.js';

/** What weighs the demand, in words: "the population", "the age-standardised population (standardised_population)". */
export function weightWords(demandWeight: string): string {
  if (demandWeight === 'population') return 'the population';
  if (demandWeight === STANDARDISED_POPULATION_FIELD) return `the age-standardised population (${STANDARDISED_POPULATION_FIELD})`;
  return demandWeight === 'given' ? 'the given weights' : `the column ${demandWeight}`;
}

/** The mean's weight in words: "population-weighted mean", "mean weighted by the age-standardised population". */
export function meanWords(demandWeight: string): string {
  return demandWeight === 'population' ? 'population-weighted mean' : `mean weighted by ${weightWords(demandWeight)}`;
}

/**
 * The output of `careshed access`: every decay kept in every format (JSON `byDecay`, one CSV column and one
 * GeoJSON property per decay), the method named as asked (`apl`, not the e2sfca it runs on), and a summary
 * naming the least-served demand points.
 */
export function accessOutput(method: string, results: readonly Accessibility[], demand: Demand, names: readonly string[], siteCount: number, maxMinutes: readonly number[]): CommandOutput {
  const show = (v: number) => (Number.isNaN(v) ? null : v);
  const several = results.length > 1;
  const summaries = results.map((r) => ({ ...r.summary, method }));
  const labels = several ? summaries.map((s) => s.decay) : ['value'];
  const properties = (i: number): Record<string, unknown> => ({
    name: names[i],
    population: demand.population[i],
    ...Object.fromEntries(results.map((r, k) => [labels[k], show(r.value[i])])),
  });
  const what = method === 'apl' ? 'APL (DREES)' : method;
  const unit = method === 'apl' ? 'consultations per inhabitant a year' : 'capacity (GPs) per inhabitant';
  const summary = results.map((r, k) => {
    const s = summaries[k];
    const order = Array.from(r.value.keys())
      .filter((i) => !Number.isNaN(r.value[i]) && demand.population[i] > 0)
      .sort((a, b) => r.value[a] - r.value[b] || demand.population[b] - demand.population[a]);
    const lowest = order.slice(0, 3).map((i) => `${names[i]} ${figure(r.value[i])}`);
    const none = s.noSupplyCount > 0 ? `; ${count(s.noSupplyCount, 'point')} (${count(s.noSupplyPopulation, 'inhabitant')}) with no site within ${maxMinutes[k]} min` : '';
    return `careshed access: ${what}${several ? ` (${s.decay})` : ''} over ${count(demand.size, 'demand point')} and ${count(siteCount, 'site')}, in ${unit}: ${meanWords(s.demandWeight)} ${figure(s.meanValue)}; lowest: ${lowest.join(', ') || '–'}${none}`;
  });
  return {
    json: {
      summary: summaries[0],
      ...(several ? { byDecay: results.map((r, k) => ({ decay: summaries[k].decay, summary: summaries[k], values: Array.from(r.value, show) })) } : {}),
      demand: demand.ids.map((id, i) => ({
        id,
        value: show(results[0].value[i]),
        ...(several ? { values: Object.fromEntries(results.map((r, k) => [labels[k], show(r.value[i])])) } : {}),
      })),
    },
    table: {
      columns: ['id', 'name', 'population', ...labels],
      rows: demand.ids.map((id, i) => [id, names[i], demand.population[i], ...results.map((r) => show(r.value[i]))]),
    },
    features: { points: demand, properties },
    summary,
  };
}
