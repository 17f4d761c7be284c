/**
 * Accessibility to GPs in Occitanie with careshed's DREES APL preset, compared with the APL DREES
 * published for 2022: the Spearman ρ for each travel model asked (with and without the communes around the
 * region, with and without the age-standardised population), the activity per GP that matches DREES's
 * regional mean, agreement on the "sous-dense" class, the largest disagreements, and the twenty worst-served
 * EPCIs with their reasons. `--plot DIR` draws careshed's APL against DREES's (apl-vs-drees.svg and .png).
 *
 *   npx tsx examples/occitanie-access.ts [--travel crow:45:1.5[,crow:60:1.3,...]] [--plot docs]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mesh } from 'topojson-client';
import { topology } from 'topojson-server';
import { pointToLineDistance } from '@turf/turf';
import type { Topology } from 'topojson-specification';
import { apl, APL_UNDER_SERVED, capacityCoverage, coverage, DEFAULT_ACTIVITY_PER_GP, pearson, rankTerritories, spearman, withSurroundings } from 'careshed';
import { loadOccitanie, svgToPng, travelFromSpecNode } from 'careshed/node';

/** The travel model of the preset: 45 km/h × 1.5 as the crow flies (2.0 minutes per straight-line km). */
export const PRESET_TRAVEL = 'crow:45:1.5';

export interface DreesOptions {
  /** Count the communes and GPs around the region, as DREES computes nationally (default true). */
  surroundings?: boolean;
  /** Weigh demand by the age-standardised population, as DREES does (default true); else the population. */
  standardised?: boolean;
}

/** The activity per GP that would make careshed's regional mean equal DREES's, and both means. */
function fitActivity(ours: Float64Array, drees: Float64Array, weight: Float64Array) {
  let dreesMass = 0;
  let oursMass = 0;
  let total = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isNaN(drees[i]) || Number.isNaN(ours[i])) continue;
    dreesMass += drees[i] * weight[i];
    oursMass += ours[i] * weight[i];
    total += weight[i];
  }
  return { meanOurs: oursMass / total, meanDrees: dreesMass / total, fittedActivity: (DEFAULT_ACTIVITY_PER_GP * dreesMass) / oursMass };
}

/**
 * careshed's APL of Occitanie's communes on one travel model, with or without the surroundings and the
 * standardised population, against DREES APL 2022.
 */
export async function compareWithDrees(spec = PRESET_TRAVEL, options: DreesOptions = {}) {
  const withAround = options.surroundings ?? true;
  const standardised = options.standardised ?? true;
  const { communes, gpCommunes, drees, epciNames, boundaries, surroundings } = loadOccitanie();
  const area = withAround ? withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes }) : withSurroundings(communes, gpCommunes, {});
  const { travel } = await travelFromSpecNode(spec);
  const reach = await travel.reach(area.demand, area.sites, { maxMinutes: 20 });
  const ours = apl(reach, area.demand, area.sites, { studyCount: area.studyCount, standardisedPopulation: standardised ? undefined : false });
  const fit = fitActivity(ours.value, drees.apl, drees.standardisedPopulation);

  // Agreement on the "sous-dense" class (APL < 2.5).
  let both = 0;
  let onlyOurs = 0;
  let onlyDrees = 0;
  let neither = 0;
  let agreeingPopulation = 0;
  for (let i = 0; i < communes.size; i++) {
    const a = ours.value[i] < APL_UNDER_SERVED || Number.isNaN(ours.value[i]);
    const b = drees.apl[i] < APL_UNDER_SERVED;
    if (a && b) both++;
    else if (a) onlyOurs++;
    else if (b) onlyDrees++;
    else neither++;
    if (a === b) agreeingPopulation += communes.population[i];
  }

  // Without the surroundings, communes near the region's land border miss the GPs across it.
  const topo = topology({ communes: boundaries() }) as unknown as Topology;
  const edge = withAround ? null : mesh(topo, topo.objects.communes as never, (a, b) => a === b);
  const edgeKm = (i: number) =>
    edge ? Math.min(...edge.coordinates.map((line) => pointToLineDistance([communes.lon[i], communes.lat[i]], { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } }, { units: 'kilometers' }))) : Infinity;

  const difference = Array.from({ length: communes.size }, (_, i) => i)
    .filter((i) => Number.isFinite(ours.value[i]) && Number.isFinite(drees.apl[i]) && communes.population[i] >= 500)
    .sort((a, b) => Math.abs(ours.value[b] - drees.apl[b]) - Math.abs(ours.value[a] - drees.apl[a]))
    .slice(0, 10)
    .map((i) => {
      const gps = Number(communes.attribute('gps')[i]);
      let near = 0;
      for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) if (reach.minutes[k] <= 15) near += area.sites.capacity[reach.site[k]];
      const km = edgeKm(i);
      const why = [`${gps} GPs in the commune (BPE ≈2017), ${near} within 15 min`];
      if (km < 10) why.push(`${km.toFixed(1)} km from the region's edge: GPs across it are not counted here`);
      if (ours.value[i] > drees.apl[i] && gps > 0) why.push('GP counts, not their 2022 activity: part-time or retired GPs weigh full here');
      if (ours.value[i] < drees.apl[i]) why.push('DREES counts activity and road times; more supply or shorter trips there');
      return { id: communes.ids[i], name: communes.attribute('name')[i], population: communes.population[i], ours: ours.value[i], drees: drees.apl[i], why: why.join('; ') };
    });

  const cov = coverage(reach, area.demand, { targetMinutes: 15, studyCount: area.studyCount });
  const capacity = capacityCoverage(reach, area.demand, area.sites, { targetMinutes: 15, studyCount: area.studyCount });
  const worstEpci = rankTerritories(communes, { coverage: cov, access: ours, capacity }, { by: 'epci', accessLabel: 'APL', names: epciNames }).slice(0, 20);

  return {
    travel: travel.name,
    surroundings: withAround ? { communes: surroundings.communes.size, gpCommunes: surroundings.gpCommunes.size } : null,
    demandWeight: ours.summary.demandWeight,
    spearman: spearman(ours.value, drees.apl)!,
    pearson: pearson(ours.value, drees.apl)!,
    ...fit,
    sousDense: { both, onlyOurs, onlyDrees, neither, agreement: (both + neither) / communes.size, agreeingPopulationShare: agreeingPopulation / communes.totalPopulation },
    disagreements: difference,
    worstEpci,
    capacity: capacity.summary,
    /** Per commune of Occitanie: careshed's APL, DREES's, the population. */
    points: { ours: ours.value, drees: drees.apl, population: communes.population },
  };
}

/** The README's table of ρ by travel model (rows of `spearmanByTravel`). */
export function rhoTable(rows: Awaited<ReturnType<typeof spearmanByTravel>>): string[] {
  const f3 = (x: number) => x.toFixed(3);
  return [
    '| travel | minutes per straight-line km | with surroundings, standardised population | with surroundings, population | region alone, standardised | region alone, population |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.spec}\` (${row.travel}) | ${row.minutesPerKm === null ? '' : row.minutesPerKm.toFixed(2)} | ${f3(row.withSurroundings.standardised)} | ${f3(row.withSurroundings.population)} | ${f3(row.regionOnly.standardised)} | ${f3(row.regionOnly.population)} |`),
  ];
}

/** Spearman ρ with DREES APL 2022 for each travel model: with and without surroundings, standardised population or not. */
export async function spearmanByTravel(specs: readonly string[]) {
  const { communes, gpCommunes, drees, surroundings } = loadOccitanie();
  const around = withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes });
  const rows = [];
  for (const spec of specs) {
    const { travel } = await travelFromSpecNode(spec);
    const rho = async (area: typeof around) => {
      const reach = await travel.reach(area.demand, area.sites, { maxMinutes: 20 });
      const of = (standardisedPopulation?: false) => spearman(apl(reach, area.demand, area.sites, { studyCount: area.studyCount, standardisedPopulation }).value, drees.apl)!;
      return { standardised: of(), population: of(false) };
    };
    const withAround = await rho(around);
    const alone = await rho(withSurroundings(communes, gpCommunes, {}));
    const minutesPerKm = 'minutes' in travel && typeof travel.minutes === 'function' ? (travel.minutes as (km: number) => number)(1) : null;
    rows.push({ spec, travel: travel.name, minutesPerKm, withSurroundings: withAround, regionOnly: alone });
  }
  return rows;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * careshed's APL against DREES's, one dot per commune sized by its population, with the 2.5 "sous-dense"
 * lines and the diagonal; Spearman ρ in the title.
 */
export function aplScatterSvg(r: Awaited<ReturnType<typeof compareWithDrees>>): string {
  const width = 800;
  const height = 800;
  const left = 80;
  const top = 110;
  const size = 600;
  const max = 10;
  const x = (v: number) => left + (Math.min(v, max) / max) * size;
  const y = (v: number) => top + size - (Math.min(v, max) / max) * size;
  const { ours, drees, population } = r.points;
  const order = Array.from(population.keys())
    .filter((i) => Number.isFinite(ours[i]) && Number.isFinite(drees[i]))
    .sort((a, b) => population[b] - population[a] || a - b);
  const beyond = order.filter((i) => ours[i] > max || drees[i] > max).length;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="28" font-size="18" font-weight="bold" fill="#222">careshed's APL against DREES APL 2022: Spearman ρ = ${r.spearman.toFixed(3)}</text>`);
  const subtitle = [
    `${order.length.toLocaleString('en-GB')} communes of Occitanie with a GP within 20 minutes (dots sized by population)`,
    `careshed: BPE GP counts (≈2017) × ${DEFAULT_ACTIVITY_PER_GP.toLocaleString('en-GB')} consultations, straight lines ${r.travel}, demand by ${r.demandWeight},`,
    r.surroundings ? `with the ${r.surroundings.communes.toLocaleString('en-GB')} communes within 60 km around the region as supply and competing demand` : 'the region alone (no GPs nor people across its border)',
  ];
  subtitle.forEach((line, k) => out.push(`<text x="12" y="${50 + 16 * k}" font-size="12" fill="#555">${escape(line)}</text>`));
  for (let v = 0; v <= max; v++) {
    out.push(`<line x1="${x(v)}" y1="${top}" x2="${x(v)}" y2="${top + size}" stroke="#eeeeee"/><line x1="${left}" y1="${y(v)}" x2="${left + size}" y2="${y(v)}" stroke="#eeeeee"/>`);
    out.push(`<text x="${x(v)}" y="${top + size + 18}" font-size="11" fill="#444" text-anchor="middle">${v}</text><text x="${left - 8}" y="${y(v) + 4}" font-size="11" fill="#444" text-anchor="end">${v}</text>`);
  }
  out.push(`<g fill="#2166ac" fill-opacity="0.35" stroke="#08306b" stroke-opacity="0.5" stroke-width="0.5">`);
  for (const i of order) out.push(`<circle cx="${x(drees[i]).toFixed(1)}" cy="${y(ours[i]).toFixed(1)}" r="${Math.max(1.2, Math.sqrt(population[i]) / 45).toFixed(1)}"/>`);
  out.push('</g>');
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(max)}" stroke="#666" stroke-dasharray="4 4"/>`);
  const threshold = APL_UNDER_SERVED;
  out.push(`<line x1="${x(threshold)}" y1="${top}" x2="${x(threshold)}" y2="${top + size}" stroke="#b2182b" stroke-width="1.5"/><line x1="${left}" y1="${y(threshold)}" x2="${left + size}" y2="${y(threshold)}" stroke="#b2182b" stroke-width="1.5"/>`);
  out.push(`<text x="${x(threshold) + 4}" y="${top + 14}" font-size="11" fill="#b2182b">2.5: "sous-dense" below</text>`);
  out.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${left + size / 2}" y="${top + size + 42}" font-size="13" fill="#222" text-anchor="middle">DREES APL 2022 (consultations a year per standardised inhabitant)</text>`);
  out.push(`<text transform="translate(${left - 40} ${top + size / 2}) rotate(-90)" font-size="13" fill="#222" text-anchor="middle">careshed APL (same unit)</text>`);
  out.push(`<text x="${left + size + 10}" y="${top + 10}" font-size="11" fill="#555">${beyond} beyond ${max}:</text><text x="${left + size + 10}" y="${top + 24}" font-size="11" fill="#555">drawn at the edge</text>`);
  out.push(`<text x="${left + size + 10}" y="${top + 52}" font-size="11" fill="#555">dashed: careshed</text><text x="${left + size + 10}" y="${top + 66}" font-size="11" fill="#555">= DREES</text>`);
  out.push(`<text x="12" y="${height - 10}" font-size="10" fill="#777">Data: DREES APL 2022; INSEE BPE and COG; IGN Admin Express (Licence Ouverte). Made with careshed, examples/occitanie-access.ts.</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Writes apl-vs-drees.svg and .png into `folder`; returns their paths. */
export function writeAplScatter(folder: string, r: Awaited<ReturnType<typeof compareWithDrees>>): string[] {
  mkdirSync(folder, { recursive: true });
  const svg = aplScatterSvg(r);
  const files = [join(folder, 'apl-vs-drees.svg'), join(folder, 'apl-vs-drees.png')];
  writeFileSync(files[0], svg);
  writeFileSync(files[1], svgToPng(svg));
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const specs = (option('--travel') ?? PRESET_TRAVEL).split(',');
  const f2 = (x: number) => x.toFixed(2);
  console.log('Spearman ρ of the APL of the 4,446 communes of Occitanie with DREES APL 2022 (BPE GP counts × one activity):\n');
  for (const line of rhoTable(await spearmanByTravel(specs))) console.log(line);
  const r = await compareWithDrees(specs[0]);
  console.log(`\nThe preset on ${r.travel}, with the ${r.surroundings!.communes.toLocaleString('en-GB')} communes (${r.surroundings!.gpCommunes} with GPs) within 60 km of the region, demand by ${r.demandWeight}:`);
  console.log(`Spearman ${f2(r.spearman)}, Pearson ${f2(r.pearson)}; regional mean (standardised-population weighted): careshed ${f2(r.meanOurs)} at ${DEFAULT_ACTIVITY_PER_GP.toLocaleString('en-GB')} consultations per GP, DREES ${f2(r.meanDrees)}`);
  console.log(`The activity per GP that matches the means exactly (the fit behind DEFAULT_ACTIVITY_PER_GP): ${Math.round(r.fittedActivity).toLocaleString('en-GB')}`);
  const s = r.sousDense;
  console.log(`"Sous-dense" (APL < 2.5): both ${s.both}, careshed only ${s.onlyOurs}, DREES only ${s.onlyDrees}, neither ${s.neither}: ${(100 * s.agreement).toFixed(1)} % of communes and ${(100 * s.agreeingPopulationShare).toFixed(1)} % of the population agree\n`);
  console.log('Largest disagreements (communes of 500 inhabitants or more):');
  for (const d of r.disagreements) console.log(`  ${d.id} ${d.name} (${d.population.toLocaleString('en-GB')}): careshed ${f2(d.ours)}, DREES ${f2(d.drees)}. ${d.why}`);
  const c = r.capacity;
  const pct = (x: number) => `${((100 * x) / c.population).toFixed(1)} %`;
  console.log(`\nCapacity-aware coverage at 1,000 patients per GP: ${pct(c.assignedPopulation)} of the population can be given a GP within 15 minutes, people taking the nearest places with room (${pct(c.assignedPopulationAtLeast ?? c.assignedPopulation)} to ${pct(c.assignedPopulationAtMost ?? c.assignedPopulation)} as the places across the border are shared; presence alone: ${pct(c.presencePopulation)})\n`);
  console.log('The twenty worst-served EPCIs:');
  for (const t of r.worstEpci) console.log(`  ${String(t.rank).padStart(2)}. ${t.name} (score ${t.score.toFixed(1)}, ${t.population.toLocaleString('en-GB')} inhabitants): ${t.reason}`);
  const plot = option('--plot');
  if (plot) console.log(`\nWrote ${writeAplScatter(plot, r).join(' and ')}`);
}
