/**
 * The marks of the centres on the maps, told apart by shape (never by colour alone): drawn into the SVG
 * files by the map module and added to the page's map by its script, with one definition for both.
 */

/** existing: open today; proposed: the siting's answer; alternative: the population-only answer; added and suggested: made in the page. */
export type MarkKind = 'existing' | 'proposed' | 'alternative' | 'added' | 'suggested';

export const MARK_KINDS: readonly MarkKind[] = ['existing', 'proposed', 'alternative', 'added', 'suggested'];

/** How the legend names each mark. */
export const MARK_WORDS: Readonly<Record<MarkKind, string>> = {
  existing: 'centre open today',
  proposed: 'proposed centre',
  alternative: 'centre of the population-only alternative',
  added: 'centre you added',
  suggested: 'centre suggested in this page',
};

const INK = '#111111';

/** The SVG shape of a mark at (x, y): filled disc, diamond, triangle, square; white halo so it reads on any class. */
export function markShape(kind: MarkKind, x: number, y: number, attributes = ''): string {
  const [px, py] = [x.toFixed(1), y.toFixed(1)];
  const attrs = attributes ? ` ${attributes}` : '';
  switch (kind) {
    case 'existing':
      return `<circle cx="${px}" cy="${py}" r="5" fill="${INK}" stroke="#ffffff" stroke-width="1.5"${attrs}/>`;
    case 'proposed':
      return `<path d="M${px},${(y - 7).toFixed(1)}l7,7l-7,7l-7,-7z" fill="#ffffff" stroke="${INK}" stroke-width="2"${attrs}/>`;
    case 'alternative':
      return `<path d="M${px},${(y - 7).toFixed(1)}l6.5,11.5h-13z" fill="#ffffff" stroke="${INK}" stroke-width="1.6" stroke-dasharray="3 1.5"${attrs}/>`;
    default:
      return `<rect x="${(x - 5).toFixed(1)}" y="${(y - 5).toFixed(1)}" width="10" height="10" fill="${kind === 'added' ? '#ffffff' : INK}" stroke="${kind === 'added' ? INK : '#ffffff'}" stroke-width="1.8"${attrs}/>`;
  }
}

/** A short label beside a mark (its order in a siting), with a white halo. */
export function markLabel(text: string, x: number, y: number, attributes = ''): string {
  const attrs = attributes ? ` ${attributes}` : '';
  return `<text x="${(x + 8).toFixed(1)}" y="${(y - 6).toFixed(1)}" font-size="11" font-weight="bold" fill="${INK}" stroke="#ffffff" stroke-width="2.5" paint-order="stroke"${attrs}>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
}
