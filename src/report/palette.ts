/** The colours of the report's maps, apart from the drawing code so that the page's script carries no map library. */

/** Class index of a demand point with no value. */
export const NO_DATA = 255;
export const NO_DATA_COLOUR = '#d9d9d9';

/**
 * The five classes of every map, worst access first: a viridis-like sequential ramp (viridis at about 0.25,
 * 0.5, 0.65 and 0.85, and a pale cream for the worst class, so that a map of mostly poor access is not a
 * field of saturated yellow and prints light). The darker, the better the access. Lightness falls steadily,
 * so the order survives colour-vision deficiency and greyscale print: adjacent classes are at least 16
 * CIEDE2000 apart in normal vision and under deuteranopia and protanopia (Machado et al. 2009), 14.9 under
 * tritanopia (test/report-palette.test.ts checks it). Red-to-green ramps came out at 6 to 8 (CIE76) under
 * deuteranopia.
 */
export const ACCESS_RAMP = ['#fef6c0', '#b5de2b', '#35b779', '#26828e', '#3e4989'] as const;

