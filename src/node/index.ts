/** careshed for Node: everything of the browser entry, plus files and the embedded Occitanie data. */
export * from '../index.js';
export { readDemandFile, readSitesFile, readPopulationFile, readText, writeText, type DemandFileOptions, type SitesFileOptions } from './files.js';
export { loadOccitanie, occitanieFolder, OCCITANIE_BOUNDS, type Occitanie } from './occitanie.js';
export { readRoadNetworkFile, readRoadsPbf, readRoadsOsmFile } from './roads-file.js';
export { MatrixFileTravel, type MatrixFileOptions } from './matrix-file.js';
export { travelFromSpecNode, type TravelSpecOptions, type ResolvedTravel } from './travel-spec.js';
// Siting: here for now, as the exact solver loads HiGHS (WebAssembly); the browser entry will take it once
// the loader is lazy for bundlers.
export { sitingProblem, candidateIndices, fixedIndices, type SitingProblem, type ProblemOptions } from '../siting/problem.js';
export { problemFromCosts, readOrLibraryPmedian } from '../siting/costs.js';
export { site, coverageCurve, yearlyPlan, type SiteOptions, type SiteResult, type SelectedSite, type SitingModel, type Solver, type CurvePoint, type PlanYear } from '../siting/site.js';
