/** careshed for Node: everything of the browser entry, plus files and the embedded Occitanie data. */
export * from '../index.js';
export { readDemandFile, readSitesFile, readPopulationFile, readText, writeText, locateRecord, placedFile, locateError, type DemandFileOptions, type SitesFileOptions, type WarningSink } from './files.js';
export { loadOccitanie, occitanieFolder, OCCITANIE_BOUNDS, OCCITANIE_SURROUNDINGS_BOUNDS, type Occitanie } from './occitanie.js';
export { readRoadNetworkFile, readRoadsPbf, readRoadsOsmFile } from './roads-file.js';
export { MatrixFileTravel, matrixRows, float32Text, type MatrixFileOptions } from './matrix-file.js';
export { OsrmFileCheckpoint } from './osrm-checkpoint.js';
export { travelFromSpecNode, type TravelSpecOptions, type ResolvedTravel } from './travel-spec.js';
// Scenarios, maps, the report and the demo.
export { runScenario, runScenarioFile, embeddedTerritoryNames, type ScenarioRun } from './scenario-run.js';
export { choroplethSvg, travelBandClasses, breakClasses, TRAVEL_BANDS, ACCESS_COLOURS, NO_DATA, type Choropleth, type ChoroplethOptions, type MapClass, type MapSite } from '../report/map.js';
export { svgToPng } from './png.js';
export { buildReport, demandBoundaries, reportScript, reportCutoff, REPORT_COMPLETE_TABLE_PAIRS, type Report, type ReportOptions } from './report.js';
export { runDemo, OCCITANIE_ATTRIBUTION, OCCITANIE_SOURCES, type DemoResult } from './demo.js';
