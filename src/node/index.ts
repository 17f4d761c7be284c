/** careshed for Node: everything of the browser entry, plus files and the embedded Occitanie data. */
export * from '../index.js';
export { readDemandFile, readSitesFile, readPopulationFile, readText, writeText, type DemandFileOptions, type SitesFileOptions } from './files.js';
export { loadOccitanie, occitanieFolder, OCCITANIE_BOUNDS, type Occitanie } from './occitanie.js';
export { readRoadNetworkFile, readRoadsPbf, readRoadsOsmFile } from './roads-file.js';
export { MatrixFileTravel, type MatrixFileOptions } from './matrix-file.js';
export { travelFromSpecNode, type TravelSpecOptions, type ResolvedTravel } from './travel-spec.js';
