import { SaxesParser } from 'saxes';
import { CareshedError } from '../../model/errors.js';
import { CAR_PROFILE, type SpeedProfile } from './profile.js';
import { WayNetworkBuilder, type RoadNetwork } from './way-network.js';
import { checkArgument, checkOptions } from '../../model/arguments.js';

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
  #way: { refs: number[]; tags: Record<string, string> } | null = null;
  #error: Error | null = null;

  constructor(options: { source?: string; profile?: SpeedProfile } = {}) {
    checkOptions('OsmXmlRoads', options, ['source', 'profile']);
    this.#source = options.source;
    this.#builder = new WayNetworkBuilder(options.profile ?? CAR_PROFILE);
    this.#parser.on('opentag', (tag) => {
      const a = tag.attributes as Record<string, string>;
      if (tag.name === 'node') {
        const lon = Number(a.lon);
        const lat = Number(a.lat);
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new CareshedError('INVALID_COORDINATE', `node ${a.id} has no valid lon and lat`, { source: this.#source, line: this.#parser.line, value: `${a.lon},${a.lat}` });
        this.#builder.osmNode(Number(a.id), lon, lat);
      } else if (tag.name === 'way') this.#way = { refs: [], tags: {} };
      else if (tag.name === 'nd' && this.#way) this.#way.refs.push(Number(a.ref));
      else if (tag.name === 'tag' && this.#way) this.#way.tags[a.k] = a.v;
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
