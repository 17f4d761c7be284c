import { Resvg } from '@resvg/resvg-js';
import { checkArgument } from '../model/arguments.js';

/**
 * An SVG rendered to PNG by resvg (its binary ships inside its npm package: nothing to install), at the
 * SVG's own width unless `width` is given; text in the system's fonts (DejaVu, Liberation...).
 */
export function svgToPng(svg: string, width?: number): Uint8Array {
  checkArgument('svgToPng', 'svg', svg, typeof svg === 'string' && svg.trimStart().startsWith('<'), 'an SVG document (text)');
  checkArgument('svgToPng', 'width', width, width === undefined || (Number.isInteger(width) && width > 0), 'a width in pixels, a whole number');
  const resvg = new Resvg(svg, { fitTo: width ? { mode: 'width', value: width } : { mode: 'original' }, font: { loadSystemFonts: true }, background: '#ffffff' });
  return resvg.render().asPng();
}
