declare const CARESHED_VERSION: string;

/** This package's version, set by the build (tsup's define); "dev" when run from the sources. */
export const VERSION: string = typeof CARESHED_VERSION === 'string' ? CARESHED_VERSION : 'dev';
