import type { Feature, FeatureCollection, MultiPoint, MultiPolygon, Polygon, Position } from 'geojson';
import { geoConicConformal, geoPath, type GeoProjection } from 'd3-geo';
import { CareshedError } from '../model/errors.js';
import { greatCircleKm } from '../geo/geodesy.js';
import { markLabel, markShape, MARK_KINDS, MARK_WORDS, type MarkKind } from './marks.js';
import { ACCESS_RAMP, NO_DATA, NO_DATA_COLOUR } from './palette.js';
import { checkArgument, checkOptions, isNumbers, isRecord, isTexts } from '../model/arguments.js';
import { int } from '../model/figures.js';

export { ACCESS_RAMP, NO_DATA, NO_DATA_COLOUR };

/** One class of the choropleth: its legend label and fill. */
export interface MapClass {
  label: string;
  colour: string;
}

export interface MapSite {
  id: string;
  lon: number;
  lat: number;
  /** The shape of its mark (see marks.ts): existing centres are discs, proposed ones diamonds... */
  kind: MarkKind;
  /** A short label drawn beside the mark (the order of a proposed site, say). */
  label?: string;
}

export interface ChoroplethOptions {
  /** Areas to colour (polygons), matched to demand by id. Without them, `points` are drawn as proportional symbols. */
  boundaries?: FeatureCollection<Polygon | MultiPolygon>;
  /** Demand points and their population: without `boundaries`, each is a disc whose area is proportional to its population. */
  points?: { lon: ArrayLike<number>; lat: ArrayLike<number>; population: ArrayLike<number> };
  /** Feature property holding the demand id (default `id`). */
  idField?: string;
  /** Demand ids, in the order of `classOf`. */
  ids: readonly string[];
  /** Class index per demand point (into `classes`); NO_DATA for none. */
  classOf: ArrayLike<number>;
  classes: readonly MapClass[];
  /** Population per class, shown in the legend when given. */
  classPopulation?: ArrayLike<number>;
  sites?: readonly MapSite[];
  title: string;
  subtitle?: string;
  legendTitle: string;
  /** Credits, drawn at the bottom (data producers and licences). */
  attribution: string;
  /** Width in pixels (default 960); the height follows the area's shape. */
  width?: number;
  /**
   * Draw the title, legend panel and attribution inside the SVG (default true, for files). A web page that
   * gives them in HTML (readable at any width) passes false: the SVG is the map alone.
   */
  panel?: boolean;
}

export interface Choropleth {
  svg: string;
  /** Whether areas (polygons) or proportional symbols (points) were drawn. */
  style: 'areas' | 'symbols';
  width: number;
  height: number;
  /** Features with no demand point of that id (drawn as no data), and demand ids with no feature. */
  unmatchedFeatures: string[];
  unmatchedDemand: string[];
  /** Where a longitude, latitude falls on the map, in SVG pixels. */
  project: (lon: number, lat: number) => [number, number];
  /** Proportional symbols: the largest population and its disc's radius (area ∝ population). */
  symbolScale?: { maxPopulation: number; maxRadius: number };
}

/** Largest disc radius of a proportional-symbol map, as a share of the map's width. */
const SYMBOL_MAX_RADIUS = 0.018;


/** Travel-time bands of the maps: ≤ 10, 10–15, 15–20, 20–30 and > 30 minutes (upper bounds inclusive), nearest darkest. */
export const TRAVEL_BANDS: readonly (MapClass & { max: number })[] = [
  { max: 10, label: '≤ 10 min', colour: ACCESS_RAMP[4] },
  { max: 15, label: '10–15 min', colour: ACCESS_RAMP[3] },
  { max: 20, label: '15–20 min', colour: ACCESS_RAMP[2] },
  { max: 30, label: '20–30 min', colour: ACCESS_RAMP[1] },
  { max: Infinity, label: '> 30 min', colour: ACCESS_RAMP[0] },
];

/** The band of each travel time (Infinity, no site reached, falls in the last band). */
export function travelBandClasses(minutes: ArrayLike<number>): Uint8Array {
  checkArgument('travelBandClasses', 'minutes', minutes, isNumbers(minutes), 'an array of minutes');
  const classes = new Uint8Array(minutes.length);
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i];
    classes[i] = Number.isNaN(m) ? NO_DATA : TRAVEL_BANDS.findIndex((band) => m <= band.max);
  }
  return classes;
}

/** Five classes of accessibility, lowest first (the ramp of every map: the darker, the better). */
export const ACCESS_COLOURS = ACCESS_RAMP;

/**
 * Classes of an accessibility value by ascending breaks: class k holds values in [breaks[k-1], breaks[k]).
 * Returns the classes with their labels (`format` prints a break).
 */
export function breakClasses(values: ArrayLike<number>, breaks: readonly number[], format: (x: number) => string): { classOf: Uint8Array; classes: MapClass[] } {
  checkArgument('breakClasses', 'values', values, isNumbers(values), 'an array of numbers');
  checkArgument('breakClasses', 'breaks', breaks, isNumbers(breaks), 'an array of class breaks');
  checkArgument('breakClasses', 'format', format, typeof format === 'function', 'a function writing a number');
  if (breaks.length !== ACCESS_COLOURS.length - 1) throw new CareshedError('INVALID_OPTION', `need ${ACCESS_COLOURS.length - 1} breaks, got ${breaks.length}`, { field: 'breaks' });
  const classOf = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) classOf[i] = NO_DATA;
    else {
      let k = 0;
      while (k < breaks.length && v >= breaks[k]) k++;
      classOf[i] = k;
    }
  }
  const classes = ACCESS_COLOURS.map((colour, k) => ({
    colour,
    label: k === 0 ? `< ${format(breaks[0])}` : k === breaks.length ? `≥ ${format(breaks[k - 1])}` : `${format(breaks[k - 1])} – ${format(breaks[k])}`,
  }));
  return { classOf, classes };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Twice the signed planar area of a ring in lon/lat (shoelace; positive when counter-clockwise). */
function ringArea(ring: Position[]): number {
  let area = 0;
  for (let k = 0, n = ring.length; k < n; k++) {
    const [a, b] = [ring[k], ring[(k + 1) % n]];
    area += a[0] * b[1] - b[0] * a[1];
  }
  return area;
}

/**
 * d3-geo reads polygons on the sphere: an exterior ring must run clockwise, holes counter-clockwise (the
 * reverse of RFC 7946). Returns a rewound copy; the input is not touched.
 */
function forD3(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const rewind = (rings: Position[][]) => rings.map((ring, k) => ((ringArea(ring) > 0) === (k === 0) ? [...ring].reverse() : ring));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: rewind(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(rewind) };
}

/** A conic conformal projection (Lambert) with standard parallels at a sixth of the way in from each edge of the area. */
function fittedProjection(collection: FeatureCollection, width: number, height: number, margin: number): GeoProjection {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    west = Math.min(west, p[0]);
    east = Math.max(east, p[0]);
    south = Math.min(south, p[1]);
    north = Math.max(north, p[1]);
  };
  for (const feature of collection.features) {
    const g = feature.geometry as Polygon | MultiPolygon | MultiPoint;
    if (g.type === 'MultiPoint') g.coordinates.forEach(visit);
    else (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).forEach((rings) => rings.forEach((ring) => ring.forEach(visit)));
  }
  const span = north - south;
  return geoConicConformal()
    .parallels([south + span / 6, north - span / 6])
    .rotate([-(west + east) / 2, 0])
    .fitExtent([[margin, margin], [width - margin, height - margin]], collection);
}

/** A round length in km for a scale bar about `targetPx` wide. */
function scaleBar(projection: GeoProjection, lon: number, lat: number, targetPx: number): { km: number; px: number } {
  const a = projection([lon, lat])!;
  const b = projection([lon + 1, lat])!;
  const pxPerKm = Math.hypot(b[0] - a[0], b[1] - a[1]) / greatCircleKm(lon, lat, lon + 1, lat);
  const want = targetPx / pxPerKm;
  const km = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].reduce((best, k) => (Math.abs(k - want) < Math.abs(best - want) ? k : best));
  return { km, px: km * pxPerKm };
}

/**
 * An SVG map of demand by class, with the centres, a legend, a scale bar and the attribution; conic conformal
 * projection fitted to the area. Areas (communes) are filled by class; without boundaries, each demand point
 * is a disc whose area is proportional to its population (largest drawn first, so that small ones stay on
 * top). Each area or disc carries `data-i` (its demand index), so a page can recolour it. Features are
 * matched to demand by id; those without a match are drawn as no data and listed, as are demand ids with no
 * feature. The SVG has a viewBox: a page scales it to any width.
 */
export function choroplethSvg(options: ChoroplethOptions): Choropleth {
  checkArgument('choroplethSvg', 'options', options, isRecord(options), 'an object {boundaries or points, ids, classOf, classes, ...}');
  checkOptions('choroplethSvg', options, ['boundaries', 'points', 'idField', 'ids', 'classOf', 'classes', 'classPopulation', 'sites', 'title', 'subtitle', 'legendTitle', 'attribution', 'width', 'panel']);
  checkArgument('choroplethSvg', 'options.ids', options.ids, isTexts(options.ids), 'the demand ids (texts)');
  checkArgument('choroplethSvg', 'options.classOf', options.classOf, isNumbers(options.classOf), 'the class of each demand point');
  checkArgument('choroplethSvg', 'options.classes', options.classes, Array.isArray(options.classes), 'the classes (travelBandClasses, breakClasses)');
  const width = options.width ?? 960;
  const withPanel = options.panel ?? true;
  const panel = withPanel ? Math.round(width * 0.25) : 0;
  const mapWidth = width - panel;
  const idField = options.idField ?? 'id';
  const index = new Map(options.ids.map((id, i) => [id, i]));
  if (options.classOf.length !== options.ids.length) {
    throw new CareshedError('INVALID_OPTION', `classOf has ${options.classOf.length} entries for ${options.ids.length} ids`, { field: 'classOf' });
  }
  const symbols = !options.boundaries;
  if (symbols && !options.points) throw new CareshedError('INVALID_OPTION', 'a map needs areas (boundaries) or points with their population', { field: 'boundaries' });
  if (options.boundaries && (!Array.isArray(options.boundaries.features) || options.boundaries.features.length === 0)) {
    throw new CareshedError('EMPTY_INPUT', 'a map needs at least one boundary feature', { field: 'boundaries' });
  }
  if (options.points && symbols) {
    const { lon, lat, population } = options.points;
    if (lon.length !== options.ids.length || lat.length !== options.ids.length || population.length !== options.ids.length) {
      throw new CareshedError('INVALID_OPTION', `points have ${lon.length} positions and ${population.length} populations for ${options.ids.length} ids`, { field: 'points' });
    }
    if (options.ids.length === 0) throw new CareshedError('EMPTY_INPUT', 'a map needs at least one demand point', { field: 'points' });
  }
  const unmatchedFeatures: string[] = [];
  const seen = new Uint8Array(options.ids.length);
  const features: { feature: Feature<Polygon | MultiPolygon>; i: number }[] = (options.boundaries?.features ?? []).map((feature, f) => {
    if (!feature.geometry || (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon')) {
      throw new CareshedError('INVALID_GEOMETRY', `boundary feature ${f} has no Polygon or MultiPolygon geometry`, { feature: f, field: 'geometry', value: (feature.geometry as { type?: string } | null)?.type ?? null });
    }
    const id = String(feature.properties?.[idField] ?? '');
    const i = index.get(id) ?? -1;
    if (i < 0) unmatchedFeatures.push(id);
    else seen[i] = 1;
    return { feature: { ...feature, geometry: forD3(feature.geometry) }, i };
  });
  const unmatchedDemand = symbols ? [] : options.ids.filter((_, i) => !seen[i]);
  const top = withPanel ? (options.subtitle ? 64 : 44) : 0;
  const bottom = withPanel ? 30 : 0;
  const margin = 10;
  // Fit to the width first, then take the height the area needs.
  const collection: FeatureCollection = symbols
    ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: Array.from(options.points!.lon, (lon, i) => [lon, options.points!.lat[i]]) } }] }
    : { type: 'FeatureCollection', features: features.map((f) => f.feature) };
  const probe = fittedProjection(collection, mapWidth, mapWidth, margin);
  const [[, y0], [, y1]] = geoPath(probe).bounds(collection);
  const mapHeight = Math.max(Math.ceil(y1 - y0) + 2 * margin, withPanel ? 420 : 0);
  const height = top + mapHeight + bottom;
  const projection = fittedProjection(collection, mapWidth, mapHeight, margin);
  projection.translate([projection.translate()[0], projection.translate()[1] + top]);
  const path = geoPath(projection).digits(1);
  const colour = (k: number) => (k === NO_DATA || k >= options.classes.length ? NO_DATA_COLOUR : options.classes[k].colour);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="map-title-${escape(options.legendTitle).replace(/\W+/g, '-')}" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">`);
  out.push(`<title id="map-title-${escape(options.legendTitle).replace(/\W+/g, '-')}">${escape(options.title + (options.subtitle ? `: ${options.subtitle}` : ''))}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (withPanel) {
    out.push(`<text x="12" y="26" font-size="18" font-weight="bold" fill="#222">${escape(options.title)}</text>`);
    if (options.subtitle) out.push(`<text x="12" y="48" font-size="13" fill="#555">${escape(options.subtitle)}</text>`);
  }
  let symbolScale: { maxPopulation: number; maxRadius: number } | undefined;
  if (symbols) {
    const { lon, lat, population } = options.points!;
    let maxPopulation = 0;
    for (let i = 0; i < population.length; i++) maxPopulation = Math.max(maxPopulation, population[i]);
    const maxRadius = SYMBOL_MAX_RADIUS * mapWidth;
    symbolScale = { maxPopulation, maxRadius };
    const radius = (p: number) => Math.max(0.8, maxPopulation > 0 ? maxRadius * Math.sqrt(p / maxPopulation) : 0.8);
    const order = Array.from(options.ids.keys()).sort((a, b) => population[b] - population[a] || a - b);
    out.push('<g class="areas symbols" stroke="#ffffff" stroke-width="0.5">');
    for (const i of order) {
      const p = projection([lon[i], lat[i]]);
      if (!p) continue;
      out.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="${radius(population[i]).toFixed(2)}" fill="${colour(options.classOf[i])}" data-id="${escape(options.ids[i])}" data-i="${i}"/>`);
    }
    out.push('</g>');
  } else {
    out.push('<g class="areas" stroke="#ffffff" stroke-width="0.25" stroke-linejoin="round">');
    for (const { feature, i } of features) {
      const d = path(feature);
      if (!d) continue;
      const id = escape(String(feature.properties?.[idField] ?? ''));
      out.push(`<path d="${d}" fill="${colour(i < 0 ? NO_DATA : options.classOf[i])}" data-id="${id}"${i >= 0 ? ` data-i="${i}"` : ''}/>`);
    }
    out.push('</g>');
  }
  out.push('<g class="sites">');
  for (const s of options.sites ?? []) {
    const p = projection([s.lon, s.lat]);
    if (!p) continue;
    out.push(markShape(s.kind, p[0], p[1], `data-site="${escape(s.id)}"`));
    if (s.label) out.push(markLabel(s.label, p[0], p[1], `data-site="${escape(s.id)}"`));
  }
  out.push('</g>');

  if (withPanel) {
    const lx = mapWidth + 8;
    let ly = top + 10;
    out.push(`<g class="legend" font-size="12" fill="#222"><text x="${lx}" y="${ly}" font-weight="bold">${escape(options.legendTitle)}</text>`);
    ly += 10;
    const total = options.classPopulation ? Array.from(options.classPopulation).reduce((t, x) => t + x, 0) : 0;
    options.classes.forEach((c, k) => {
      const share = options.classPopulation && total > 0 ? ` (${((100 * options.classPopulation[k]) / total).toFixed(1)} %)` : '';
      out.push(`<rect x="${lx}" y="${ly + 6}" width="16" height="12" fill="${c.colour}" stroke="#888" stroke-width="0.5"/><text x="${lx + 22}" y="${ly + 16}" data-class="${k}" data-label="${escape(c.label)}">${escape(c.label + share)}</text>`);
      ly += 20;
    });
    if (features.some((f) => f.i < 0)) {
      out.push(`<rect x="${lx}" y="${ly + 6}" width="16" height="12" fill="${NO_DATA_COLOUR}" stroke="#888" stroke-width="0.5"/><text x="${lx + 22}" y="${ly + 16}">no data</text>`);
      ly += 20;
    }
    if (symbolScale && symbolScale.maxPopulation > 0) {
      ly += 10;
      out.push(`<text x="${lx}" y="${ly + 6}">disc area ∝ population</text>`);
      ly += 12;
      for (const p of niceSizes(symbolScale.maxPopulation)) {
        const r = symbolScale.maxRadius * Math.sqrt(p / symbolScale.maxPopulation);
        out.push(`<circle cx="${(lx + 10).toFixed(1)}" cy="${(ly + 6 + r).toFixed(1)}" r="${r.toFixed(1)}" fill="none" stroke="#555"/><text x="${(lx + 26).toFixed(1)}" y="${(ly + 10 + r).toFixed(1)}">${int(p)}</text>`);
        ly += 2 * r + 8;
      }
    }
    ly += 10;
    for (const kind of MARK_KINDS) {
      if (!(options.sites ?? []).some((s) => s.kind === kind)) continue;
      out.push(`${markShape(kind, lx + 8, ly + 12)}<text x="${lx + 22}" y="${ly + 16}">${escape(MARK_WORDS[kind])}</text>`);
      ly += 22;
    }
    out.push('</g>');
  }

  // Scale bar, true at the map's centre latitude.
  const centre = projection.invert!([mapWidth / 2, top + mapHeight / 2])!;
  const bar = scaleBar(projection, centre[0], centre[1], mapWidth / 6);
  const bx = 16;
  const by = top + mapHeight - 14;
  out.push(
    `<g class="scale" font-size="11" fill="#222"><rect x="${bx}" y="${by}" width="${bar.px.toFixed(1)}" height="5" fill="#222"/><rect x="${bx}" y="${by}" width="${(bar.px / 2).toFixed(1)}" height="5" fill="#ffffff" stroke="#222" stroke-width="0.8"/><text x="${bx}" y="${by - 4}">0</text><text x="${(bx + bar.px).toFixed(1)}" y="${by - 4}" text-anchor="middle">${bar.km} km</text></g>`,
  );
  if (!withPanel && symbolScale && symbolScale.maxPopulation > 0) {
    // The size key in the map's own units, bottom right, so that it scales with the map.
    const sizes = niceSizes(symbolScale.maxPopulation);
    const radius = (p: number) => symbolScale!.maxRadius * Math.sqrt(p / symbolScale!.maxPopulation);
    const r0 = radius(sizes[0]);
    const kx = mapWidth - 16 - r0;
    const ky = top + mapHeight - 16;
    out.push(`<g class="size-key" font-size="11" fill="#222"><text x="${kx.toFixed(1)}" y="${(ky - 2 * r0 - 6).toFixed(1)}" text-anchor="middle">inhabitants</text>`);
    for (const p of sizes) {
      const r = radius(p);
      out.push(`<circle cx="${kx.toFixed(1)}" cy="${(ky - r).toFixed(1)}" r="${r.toFixed(1)}" fill="none" stroke="#444"/><text x="${(kx - r0 - 4).toFixed(1)}" y="${(ky - 2 * r + 4).toFixed(1)}" text-anchor="end">${int(p)}</text>`);
    }
    out.push('</g>');
  }
  if (withPanel) out.push(`<text x="12" y="${height - 10}" font-size="10" fill="#666">${escape(options.attribution)}</text>`);
  out.push('</svg>');
  return { svg: out.join('\n'), style: symbols ? 'symbols' : 'areas', width, height, unmatchedFeatures, unmatchedDemand, project: (lon, lat) => projection([lon, lat]) as [number, number], ...(symbolScale ? { symbolScale } : {}) };
}

/** Two or three round populations for a size key, the largest at most `max`. */
export function niceSizes(max: number): number[] {
  const top = 10 ** Math.floor(Math.log10(Math.max(1, max)));
  return [top, top / 10, top / 100].filter((p) => p >= 1 && p <= max).slice(0, 3);
}
