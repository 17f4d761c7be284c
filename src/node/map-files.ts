import { svgToPng } from './png.js';

/** The maps of a report as files: each map's SVG and PNG (`buildReport` draws these three). */
export const MAP_FILES = ['coverage', 'access', 'places'].flatMap((name) => [`${name}-map.svg`, `${name}-map.png`]);

/**
 * A report's maps as files, each PNG drawn when its turn comes; a map of another name than MAP_FILES says is
 * refused, since the guard against writing over inputs checks those names before the run.
 */
export function mapFiles(maps: readonly { name: string; svg: string }[]): { name: string; content: () => string | Uint8Array }[] {
  return maps.flatMap((map) => {
    const files = [
      { name: `${map.name}-map.svg`, content: () => map.svg },
      { name: `${map.name}-map.png`, content: () => svgToPng(map.svg) },
    ];
    for (const file of files) if (!MAP_FILES.includes(file.name)) throw new Error(`careshed: the map file ${file.name} is not in MAP_FILES`);
    return files;
  });
}
