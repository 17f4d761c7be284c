import type { Accessibility } from '../access/floating-catchment.js';
import type { Demand } from '../model/points.js';
import { figure, int, type CommandOutput } from './output.js';

/**
 * The output of `careshed access`: every decay kept in every format (JSON `byDecay`, one CSV column and one
 * GeoJSON property per decay), the method named as asked (`apl`, not the e2sfca it runs on), and a summary
 * naming the least-served demand points.
 */
export function accessOutput(method: string, results: readonly Accessibility[], demand: Demand, names: readonly string[], siteCount: number, maxMinutes: number): CommandOutput {
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
  const summary = results.map((r, k) => {
    const s = summaries[k];
    const order = Array.from(r.value.keys())
      .filter((i) => !Number.isNaN(r.value[i]) && demand.population[i] > 0)
      .sort((a, b) => r.value[a] - r.value[b] || demand.population[b] - demand.population[a]);
    const lowest = order.slice(0, 3).map((i) => `${names[i]} ${figure(r.value[i])}`);
    return `careshed access: ${what}${several ? ` (${s.decay})` : ''} over ${int(demand.size)} demand points and ${int(siteCount)} sites: population-weighted mean ${figure(s.meanValue)}; lowest: ${lowest.join(', ') || '–'}${s.noSupplyCount > 0 ? `; ${int(s.noSupplyCount)} points (${int(s.noSupplyPopulation)} inhabitants) with no site within ${maxMinutes} min` : ''}`;
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
