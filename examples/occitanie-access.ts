/**
 * Accessibility to GPs in Occitanie with careshed's DREES APL preset, compared with the APL DREES
 * published for 2022, and the twenty worst-served EPCIs with their reasons.
 *   npx tsx examples/occitanie-access.ts [--travel crow|crow:mountain|network:FILE]
 */
import { pathToFileURL } from 'node:url';
import { mesh } from 'topojson-client';
import { topology } from 'topojson-server';
import { pointToLineDistance } from '@turf/turf';
import type { Topology } from 'topojson-specification';
import { apl, APL_UNDER_SERVED, capacityCoverage, coverage, DEFAULT_ACTIVITY_PER_GP, pearson, rankTerritories, spearman } from 'careshed';
import { loadOccitanie, travelFromSpecNode } from 'careshed/node';

export async function compareWithDrees(spec = 'crow') {
  const { communes, gpCommunes, drees, epciNames, boundaries } = loadOccitanie();
  const { travel } = await travelFromSpecNode(spec);
  const reach = await travel.reach(communes, gpCommunes, { maxMinutes: 20 });
  const ours = apl(reach, communes, gpCommunes, { standardisedPopulation: drees.standardisedPopulation });

  // The activity per GP that would make our regional mean equal DREES's (the fit behind the default).
  let dreesMass = 0;
  let oursMass = 0;
  let weight = 0;
  for (let i = 0; i < communes.size; i++) {
    if (Number.isNaN(drees.apl[i]) || Number.isNaN(ours.value[i])) continue;
    dreesMass += drees.apl[i] * drees.standardisedPopulation[i];
    oursMass += ours.value[i] * drees.standardisedPopulation[i];
    weight += drees.standardisedPopulation[i];
  }
  const fittedActivity = (DEFAULT_ACTIVITY_PER_GP * dreesMass) / oursMass;

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

  // Communes near the region's edge (land border or coast): GPs across a land border are not in our supply.
  const topo = topology({ communes: boundaries() }) as unknown as Topology;
  const edge = mesh(topo, topo.objects.communes as never, (a, b) => a === b);
  const edgeKm = (i: number) =>
    Math.min(...edge.coordinates.map((line) => pointToLineDistance([communes.lon[i], communes.lat[i]], { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } }, { units: 'kilometers' })));

  const difference = Array.from({ length: communes.size }, (_, i) => i)
    .filter((i) => Number.isFinite(ours.value[i]) && Number.isFinite(drees.apl[i]) && communes.population[i] >= 500)
    .sort((a, b) => Math.abs(ours.value[b] - drees.apl[b]) - Math.abs(ours.value[a] - drees.apl[a]))
    .slice(0, 10)
    .map((i) => {
      const gps = Number(communes.attribute('gps')[i]);
      let near = 0;
      for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) if (reach.minutes[k] <= 15) near += gpCommunes.capacity[reach.site[k]];
      const km = edgeKm(i);
      const why = [`${gps} GPs in the commune (BPE ≈2017), ${near} within 15 min`];
      if (km < 10) why.push(`${km.toFixed(1)} km from the region's edge: GPs across it are not counted here`);
      if (ours.value[i] > drees.apl[i] && gps > 0) why.push('GP counts, not their 2022 activity: part-time or retired GPs weigh full here');
      if (ours.value[i] < drees.apl[i]) why.push('DREES counts activity and road times; more supply or shorter trips there');
      return { id: communes.ids[i], name: communes.attribute('name')[i], population: communes.population[i], ours: ours.value[i], drees: drees.apl[i], why: why.join('; ') };
    });

  const cov = coverage(reach, communes, { targetMinutes: 15 });
  const capacity = capacityCoverage(reach, communes, gpCommunes, { targetMinutes: 15 });
  const worstEpci = rankTerritories(communes, { coverage: cov, access: ours, capacity }, { by: 'epci', accessLabel: 'APL', names: epciNames }).slice(0, 20);

  return {
    travel: travel.name,
    spearman: spearman(ours.value, drees.apl)!,
    pearson: pearson(ours.value, drees.apl)!,
    meanOurs: oursMass / weight,
    meanDrees: dreesMass / weight,
    fittedActivity,
    sousDense: { both, onlyOurs, onlyDrees, neither, agreement: (both + neither) / communes.size, agreeingPopulationShare: agreeingPopulation / communes.totalPopulation },
    disagreements: difference,
    worstEpci,
    capacity: capacity.summary,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spec = process.argv.includes('--travel') ? process.argv[process.argv.indexOf('--travel') + 1] : 'crow';
  const r = await compareWithDrees(spec);
  const f2 = (x: number) => x.toFixed(2);
  console.log(`APL to GPs, careshed's DREES preset (${r.travel}, BPE GP counts × ${DEFAULT_ACTIVITY_PER_GP} consultations) against DREES APL 2022, 4,446 communes of Occitanie\n`);
  console.log(`Spearman ${f2(r.spearman)}, Pearson ${f2(r.pearson)}; regional mean (standardised-population weighted): careshed ${f2(r.meanOurs)}, DREES ${f2(r.meanDrees)}`);
  console.log(`(the activity per GP that would match the means exactly: ${Math.round(r.fittedActivity)})`);
  const s = r.sousDense;
  console.log(`"Sous-dense" (APL < 2.5): both ${s.both}, careshed only ${s.onlyOurs}, DREES only ${s.onlyDrees}, neither ${s.neither}: ${(100 * s.agreement).toFixed(1)} % of communes and ${(100 * s.agreeingPopulationShare).toFixed(1)} % of the population agree\n`);
  console.log('Largest disagreements (communes of 500 inhabitants or more):');
  for (const d of r.disagreements) console.log(`  ${d.id} ${d.name} (${d.population.toLocaleString('en-GB')}): careshed ${f2(d.ours)}, DREES ${f2(d.drees)}. ${d.why}`);
  console.log(`\nCapacity-aware coverage at 1,000 patients per GP: ${(100 * (r.capacity.assignedShare ?? 0)).toFixed(1)} % of the population can be given a GP within 15 minutes (presence alone: ${((100 * r.capacity.presencePopulation) / r.capacity.population).toFixed(1)} %)\n`);
  console.log('The twenty worst-served EPCIs:');
  for (const t of r.worstEpci) console.log(`  ${String(t.rank).padStart(2)}. ${t.name} (score ${t.score.toFixed(1)}, ${t.population.toLocaleString('en-GB')} inhabitants): ${t.reason}`);
}
