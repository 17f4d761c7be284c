import { SaxesParser } from 'saxes';
import { CareshedError } from '../../model/errors.js';
import { isDecimal } from '../../model/validate.js';
import { CAR_PROFILE, type SpeedProfile } from './profile.js';
import { WayNetworkBuilder, type RoadNetwork } from './way-network.js';
import { checkArgument, checkOptions } from '../../model/arguments.js';

/** An OSM id as written: digits, with a minus sign for objects not yet uploaded (JOSM). */
const OSM_ID = /^-?\d+$/;

/**
 * Reads OpenStreetMap XML (.osm) as it streams, chunk by chunk, into a road graph: `<node>` positions,
 * then `<way>` with `<nd ref>` and `<tag k v>`. Memory holds node positions and the graph, never the text.
 *
 * @example
 * const reader = new OsmXmlRoads({ source: 'andorra.osm' });
 * for await (const chunk of stream) reader.write(chunk);
 * const { graph, report } = reader.finish();
 */
export class OsmXmlRoads {
  readonly #parser = new SaxesParser();
  readonly #builder: WayNetworkBuilder;
  readonly #source: string | undefined;
  /** The way being read; its tags have no prototype (a tag k="__proto__" is a tag like any other). */
  #way: { refs: number[]; tags: Record<string, string> } | null = null;
  #error: Error | null = null;

  constructor(options: { source?: string; profile?: SpeedProfile } = {}) {
    checkOptions('OsmXmlRoads', options, ['source', 'profile']);
    this.#source = options.source;
    this.#builder = new WayNetworkBuilder(options.profile ?? CAR_PROFILE);
    this.#parser.on('opentag', (tag) => {
      const a = tag.attributes as Record<string, string | undefined>;
      if (tag.name === 'node') {
        const id = this.#integer(a.id, 'node', 'id');
        const lon = this.#degrees(a.lon, 'lon', 180);
        const lat = this.#degrees(a.lat, 'lat', 90);
        this.#builder.osmNode(id, lon, lat);
      } else if (tag.name === 'way') this.#way = { refs: [], tags: Object.create(null) };
      else if (tag.name === 'nd' && this.#way) this.#way.refs.push(this.#integer(a.ref, 'nd', 'ref'));
      else if (tag.name === 'tag' && this.#way && a.k !== undefined) this.#way.tags[a.k] = a.v ?? '';
    });
    this.#parser.on('closetag', (tag) => {
      if (tag.name === 'way' && this.#way) {
        this.#builder.osmWay(this.#way.refs, this.#way.tags);
        this.#way = null;
      }
    });
    this.#parser.on('error', (error) => {
      this.#error ??= new CareshedError('PARSE_ERROR', `not valid OSM XML: ${error.message}`, { source: this.#source });
    });
  }

  /** An OSM id (a node's id, a way's node reference): a whole number, negative in files JOSM has not uploaded. */
  #integer(text: string | undefined, element: string, attribute: string): number {
    const value = text !== undefined && OSM_ID.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) {
      throw new CareshedError('PARSE_ERROR', `<${element}> has ${text === undefined ? `no ${attribute}` : `a ${attribute} that is not a whole number`}; expected an OSM id (digits, such as 123456789)`, {
        source: this.#source,
        line: this.#parser.line,
        field: attribute,
        ...(text === undefined ? {} : { value: text }),
      });
    }
    return value;
  }

  /** A node's longitude or latitude: a decimal number of degrees, within ±`limit`. */
  #degrees(text: string | undefined, attribute: 'lon' | 'lat', limit: number): number {
    const value = text !== undefined && isDecimal(text.trim()) ? Number(text) : NaN;
    if (!(Math.abs(value) <= limit)) {
      const expected = attribute === 'lon' ? 'a longitude in degrees, -180 to 180' : 'a latitude in degrees, -90 to 90';
      throw new CareshedError('INVALID_COORDINATE', text === undefined ? `<node> has no ${attribute}; expected ${expected}` : `the ${attribute} of a <node> is not ${expected}`, {
        source: this.#source,
        line: this.#parser.line,
        field: attribute,
        ...(text === undefined ? {} : { value: text }),
      });
    }
    return value;
  }

  write(chunk: string): void {
    if (this.#error) return;
    try {
      this.#parser.write(chunk);
    } catch (error) {
      this.#error ??= error instanceof CareshedError ? error : new CareshedError('PARSE_ERROR', `not valid OSM XML: ${(error as Error).message}`, { source: this.#source });
    }
  }

  finish(): RoadNetwork {
    if (!this.#error) {
      try {
        this.#parser.close();
      } catch (error) {
        this.#error = new CareshedError('PARSE_ERROR', `not valid OSM XML: ${(error as Error).message}`, { source: this.#source });
      }
    }
    if (this.#error) throw this.#error;
    return this.#builder.finish();
  }
}

/** Reads OSM XML text in one go. */
export function readRoadsOsmXml(text: string, options: { source?: string; profile?: SpeedProfile } = {}): RoadNetwork {
  checkArgument('readRoadsOsmXml', 'text', text, typeof text === 'string', 'the text of an OSM XML file');
  checkOptions('readRoadsOsmXml', options, ['source', 'profile']);
  const reader = new OsmXmlRoads(options);
  reader.write(text);
  return reader.finish();
}
