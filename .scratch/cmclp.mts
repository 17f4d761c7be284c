import { createSites, crowFly, siteRecords, sitingProblem, site } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
const o = loadOccitanie();
const { communes, gpCommunes } = o;
const gp = siteRecords(gpCommunes).map((r) => ({ ...r, id: 'gp:' + r.id }));
const cand = siteRecords(communes).map((r) => ({ ...r, capacity: 5 }));
const sites = createSites([...gp, ...cand]);
const reach = crowFly().reach(communes, sites, { maxMinutes: 15 });
const problem = sitingProblem(reach, communes, sites, { existing: gp.map((r) => r.id), capacity: Float64Array.from(sites.capacity, (c) => c * 1000) });
const name = communes.attribute('name');
for (const solver of ['heuristic', 'exact'] as const) {
  const t = performance.now();
  const r = await site(problem, { model: 'cmclp', p: 10, solver });
  console.log(solver, r.status, r.objective - r.baseline!, r.stoppedBy, r.nodes, ((performance.now() - t) / 1000).toFixed(1) + ' s');
  console.log(r.selected.map((s) => `${name[communes.indexOf(s.id)]} (${s.id.slice(0, 2)}) +${s.gain} need ${Math.round(s.need!)}`).join('; '));
}
