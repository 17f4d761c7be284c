/**
 * careshed: planning access to primary care. This entry is browser-safe (no file system, no `node:`
 * import); reading files and the command line sit in `careshed/node`.
 */
export { CareshedError, nearestName, type CareshedErrorCode, type InputLocation } from './model/errors.js';
export { checkSwapped, placedOnly, requirePositions, MAX_AT_ONE_POINT, type Bounds, type PlacedPoints } from './model/validate.js';
export { seededRandom } from './model/random.js';
export { VERSION } from './model/version.js';
export { progressTicker, type Progress, type ProgressEvent } from './model/progress.js';
export {
  createDemand,
  createSites,
  siteRecords,
  requireCoordinates,
  Demand,
  Sites,
  PointSet,
  type Area,
  type BuildOptions,
  type DemandRecord,
  type PointRecord,
  type SiteRecord,
} from './model/points.js';
export { withSurroundings, type StudyArea, type Surroundings } from './model/surroundings.js';
export { greatCircleKm, EARTH_RADIUS_KM } from './geo/geodesy.js';
export { PointIndex } from './geo/point-index.js';
export { neighbourAnisotropy, type NeighbourAxis } from './geo/anisotropy.js';
export { representativePoint } from './geo/representative-point.js';
export { parseTable, formatTable, type Table } from './io/table.js';
export { decodeText, type DecodeOptions } from './io/json.js';
export { readDemandCsv, readSitesCsv, type CsvDemandOptions, type CsvSitesOptions, type CsvPointOptions } from './io/csv.js';
export { readDemandGeoJson, readSitesGeoJson, type GeoJsonDemandOptions, type GeoJsonSitesOptions } from './io/geojson.js';
export { readPopulationTable, joinPopulation, type PopulationTable, type JoinOptions, type JoinResult } from './io/join.js';
export { ReachTable, ReachTableBuilder, type Catchments, type NearestOpenSite, type NearestSites } from './travel/reach-table.js';
export { nearestSites } from './travel/nearest.js';
export { checkMaxMinutes, describeTravel, type TravelProvider, type TravelDescription, type ReachOptions } from './travel/provider.js';
export { crowFly, CrowFly, CROW_FLY_DEFAULTS, CROW_FLY_PRESETS, CROW_FLY_ERRORS, type CrowFlyOptions, type CrowFlyPreset } from './travel/crow-fly.js';
export { coverage, coverageBy, coverageRows, summarise, type Coverage, type CoverageOptions, type CoverageSummary, type GroupSummary } from './coverage/coverage.js';
export { minutesStatistics, type MinutesStatistics } from './coverage/weighted.js';
export { travelFromSpec } from './travel/spec.js';
export { RoadGraph, RoadGraphBuilder } from './travel/network/road-graph.js';
export { CAR_PROFILE, MAXSPEED_FACTOR, CAR_SPEEDS_KMH, CLOSED_TO_CARS, carProfile, parseMaxspeed, parseOneway, carAllowed, judgeWay, type SpeedProfile, type Direction } from './travel/network/profile.js';
export type { NetworkBuildReport } from './travel/network/build-report.js';
export { WayNetworkBuilder, type RoadNetwork } from './travel/network/way-network.js';
export { readRoadsGeoJson, type RoadsGeoJsonOptions } from './travel/network/roads-geojson.js';
export { readRoadsOsmXml, OsmXmlRoads } from './travel/network/roads-osm-xml.js';
export { readRoadsCsv, type RoadsCsvOptions } from './travel/network/roads-csv.js';
export { ShortestPaths } from './travel/network/shortest-paths.js';
export { ContractionHierarchy, UpwardSearch, type ContractionOptions, type UpwardArcs } from './travel/network/contraction.js';
export { bucketManyToMany, type SnappedPoints } from './travel/network/bucket-many-to-many.js';
export { stronglyConnected } from './travel/network/components.js';
export { Snapper, SNAP_DEFAULTS, type SnapOptions, type Snapping } from './travel/network/snap.js';
export { CONTRACTION_COST, NetworkTravel, roadNetwork, type NetworkReachReport, type NetworkTravelOptions } from './travel/network/network-travel.js';
export { MatrixAccumulator, MatrixNearestOpen, addOsrmTable, suspectUnit, matrixScale, ValueSpread, MATRIX_UNITS, SUSPECT_MEDIAN_MINUTES, SUSPECT_MAX_MINUTES, type MatrixUnit, type MatrixRowSink, type MatrixReport, type MatrixOptions, type OsrmTableResponse } from './travel/matrix.js';
export { OsrmTravel, osrm, type OsrmOptions, type OsrmCheckpoint, type OsrmBatchDone } from './travel/osrm.js';
export { isochrone, type IsochroneOptions } from './travel/network/isochrone.js';
export { calibrateCrowFly, crowFlyError, type CrowFlyCalibration, type CrowFlyError } from './travel/network/calibrate.js';
export { binaryDecay, stepDecay, linearDecay, exponentialDecay, gaussianDecay, gravityDecay, parseDecay, type Decay } from './access/decay.js';
export { accessibility, type Accessibility, type AccessOptions, type AccessSummary, type FcaMethod } from './access/floating-catchment.js';
export { streamAccessibility, type StreamAccessOptions, type StreamedAccessibility } from './access/stream.js';
export { estimatePairs, type PairEstimate } from './travel/estimate.js';
export { apl, aplTerms, APL_DECAY, APL_UNDER_SERVED, DEFAULT_ACTIVITY_PER_GP, dreesActivity, standardisedPopulationOf, STANDARDISED_POPULATION_FIELD, type AplOptions } from './access/apl.js';
export { capacityCoverage, DEFAULT_PATIENTS_PER_GP, type CapacityCoverage, type CapacityCoverageOptions } from './access/capacity-coverage.js';
export { nearestAssignment, type Assignment, type PairTable } from './access/nearest-assignment.js';
export { measureNeed, NEED_MEASURES, type Need, type NeedMeasure, type NeedOptions } from './access/need.js';
export { MaxFlow } from './access/max-flow.js';
export { gini, palma } from './rank/inequality.js';
export { rankTerritories, rankingTable, territoryNames, territoryPopulations, DEFAULT_RANK_WEIGHTS, WHOLE_SHARE, type RankOptions, type RankWeights, type Territory, type TerritoryRank } from './rank/rank.js';
export { spearman, pearson } from './access/agreement.js';
export { evaluate, type Evaluation, type EvaluateOptions } from './scenario/evaluate.js';
export { compareEvaluations, COMPARISON_DEFINITIONS, type Comparison, type MinutesChange, type TerritoryChange } from './scenario/compare.js';
export { parseScenario, type Scenario, type ScenarioSite } from './scenario/spec.js';
export { explainSiting, type ExplainedSite, type ExplainedDemand, type ExplainOptions } from './scenario/explain.js';
export { sitingProblem, candidateIndices, fixedIndices, type SitingProblem, type ProblemOptions } from './siting/problem.js';
export { problemFromCosts, readOrLibraryPmedian } from './siting/costs.js';
export { beasleyPmedian } from './siting/beasley.js';
export { site, coverageCurve, yearlyPlan, type SiteOptions, type SiteResult, type SelectedSite, type ServedDemand, type SitingModel, type Solver, type CurvePoint, type PlanYear, type PlanOptions } from './siting/site.js';
export { DEFAULT_MAX_NODES, DEFAULT_TIME_LIMIT, type StoppedBy } from './siting/mip.js';
