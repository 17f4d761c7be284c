/**
 * careshed: planning access to primary care. This entry is browser-safe (no file system, no `node:`
 * import); reading files and the command line sit in `careshed/node`.
 */
export { CareshedError, type CareshedErrorCode, type InputLocation } from './model/errors.js';
export type { Bounds } from './model/validate.js';
export {
  createDemand,
  createSites,
  Demand,
  Sites,
  PointSet,
  type Area,
  type BuildOptions,
  type DemandRecord,
  type PointRecord,
  type SiteRecord,
} from './model/points.js';
export { greatCircleKm, EARTH_RADIUS_KM } from './geo/geodesy.js';
export { PointIndex } from './geo/point-index.js';
export { representativePoint } from './geo/representative-point.js';
export { parseTable, formatTable, type Table } from './io/table.js';
export { readDemandCsv, readSitesCsv, type CsvDemandOptions, type CsvSitesOptions, type CsvPointOptions } from './io/csv.js';
export { readDemandGeoJson, readSitesGeoJson, type GeoJsonDemandOptions, type GeoJsonSitesOptions } from './io/geojson.js';
export { readPopulationTable, joinPopulation, type PopulationTable, type JoinOptions, type JoinResult } from './io/join.js';
export { ReachTable, ReachTableBuilder, type Catchments } from './travel/reach-table.js';
export type { TravelProvider, ReachOptions } from './travel/provider.js';
export { crowFly, CrowFly, CROW_FLY_DEFAULTS, type CrowFlyOptions } from './travel/crow-fly.js';
export { coverage, coverageBy, coverageRows, summarise, type Coverage, type CoverageOptions, type CoverageSummary, type GroupSummary } from './coverage/coverage.js';
export { minutesStatistics, type MinutesStatistics } from './coverage/weighted.js';
