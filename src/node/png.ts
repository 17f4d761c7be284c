import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { checkArgument } from '../model/arguments.js';

/**
 * An SVG rendered to PNG by resvg (its binary ships inside its npm package: nothing to install), at the
 * SVG's own width unless `width` is given; text in the system's fonts (DejaVu, Liberation...).
 */
export function svgToPng(svg: string, width?: number): Uint8Array {
  checkArgument('svgToPng', 'svg', svg, typeof svg === 'string' && svg.trimStart().startsWith('<'), 'an SVG document (text)');
  checkArgument('svgToPng', 'width', width, width === undefined || (Number.isInteger(width) && width > 0), 'a width in pixels, a whole number');
  const resvg = new (resvgClass())(svg, { fitTo: width ? { mode: 'width', value: width } : { mode: 'original' }, font: { loadSystemFonts: true }, background: '#ffffff' });
  return resvg.render().asPng();
}

let loaded: typeof ResvgClass | undefined;

/**
 * resvg, loaded the first time a PNG is made: its native binary takes tens of milliseconds to load, which
 * every command would pay at start-up for the two that draw maps (report, demo).
 */
function resvgClass(): typeof ResvgClass {
  loaded ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  return loaded;
}
