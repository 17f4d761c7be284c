import { calibrateCrowFly, crowFlyError } from '../src/index.js';
import { readRoadNetworkFile } from '../src/node/index.js';
for (const path of ['../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf', '../shared/data/osm-toulouse-insa/toulouse_arcs.csv']) {
  const { graph } = await readRoadNetworkFile(path);
  const fit = calibrateCrowFly(graph, { trips: 600, seed: 2026 });
  console.log(path, fit.detour.toFixed(3), fit.speedKmh.toFixed(2), fit.minutesPerKm.toFixed(3), JSON.stringify(fit.error));
  for (const m of [1.3, 1.5, 1.74, 1.8, 1.9, 2.0, 2.2]) { const e = crowFlyError(fit.samples, m); console.log('  ', m, e.bias.toFixed(2), e.medianAbsolute.toFixed(2), e.p90Absolute.toFixed(2), (100*e.medianRelative).toFixed(1)); }
}
