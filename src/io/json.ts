import { CareshedError, type CareshedErrorCode } from '../model/errors.js';
import { checkArgument, checkOptions } from '../model/arguments.js';

/** Text without the byte-order mark that Windows tools (Excel, Notepad) write first: JSON.parse refuses it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses JSON text from a file: a byte-order mark is skipped, an empty file is EMPTY_INPUT, and invalid JSON
 * raises `code` naming the line and column of the fault.
 *
 * @example
 * parseJsonText('\ufeff{"type":"FeatureCollection","features":[]}', 'communes.geojson', 'PARSE_ERROR', 'a GeoJSON FeatureCollection');
 */
export function parseJsonText(text: string, source: string | undefined, code: CareshedErrorCode, expected: string): unknown {
  const body = withoutBom(text);
  if (body.trim() === '') throw new CareshedError('EMPTY_INPUT', `the file is empty; expected ${expected}`, { source });
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    let where = '';
    if (position && !/\(line \d+/.test(message)) {
      const before = body.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${Number(position[1]) - before.lastIndexOf('\n')})`;
    }
    throw new CareshedError(code, `not valid JSON: ${message}${where}; expected ${expected}`, { source });
  }
}

/** Byte offset of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const follow = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (follow < 0) return i;
    for (let k = 1; k <= follow; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += follow + 1;
  }
  return -1;
}

/**
 * Windows-1252's characters for the bytes 0x80 to 0x9F (the WHATWG Encoding Standard's index): where it differs
 * from Latin-1. Node's TextDecoder('windows-1252') decodes these as Latin-1 control characters since 20.18.3
 * (nodejs/node#56542, #60888), and French text needs them: ’ (0x92), œ (0x9C), € (0x80).
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 bytes as text: every byte is one character, the same code point but for 0x80 to 0x9F. */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = new Uint16Array(Math.min(bytes.length, 8192));
  for (let start = 0; start < bytes.length; start += chunk.length) {
    const end = Math.min(bytes.length, start + chunk.length);
    for (let i = start; i < end; i++) chunk[i - start] = bytes[i] >= 0x80 && bytes[i] < 0xa0 ? WINDOWS_1252_HIGH[bytes[i] - 0x80] : bytes[i];
    parts.push(String.fromCharCode(...chunk.subarray(0, end - start)));
  }
  return parts.join('');
}

export interface DecodeOptions {
  /** Label of the input (a file name), named in the warning. */
  source?: string;
  /** Told when the text is not UTF-8 and was read as Windows-1252 (default: console.warn). */
  onWarning?: (message: string) => void;
}

/**
 * The text of a file's bytes: UTF-8 (a byte-order mark skipped), UTF-16 when it starts with its byte-order mark
 * (Excel's "Unicode text"), and otherwise, when the bytes are not valid UTF-8, Windows-1252: what Excel writes
 * as "CSV" on a French or Western European Windows, where "Ariège" is the byte 0xE8. That guess is said through
 * `onWarning`, with the first line it concerns, since a file in another encoding would read wrong.
 *
 * @example
 * decodeText(new Uint8Array([0x41, 0x72, 0x69, 0xe8, 0x67, 0x65]), { source: 'communes.csv', onWarning: console.warn }); // "Ariège", and a warning
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): string {
  checkArgument('decodeText', 'bytes', bytes, bytes instanceof Uint8Array, 'the bytes of a file (a Uint8Array or Buffer)');
  checkOptions('decodeText', options, ['source', 'onWarning']);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = decodeWindows1252(bytes);
    const at = Math.max(0, firstInvalidUtf8(bytes));
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    // The line alone, found from the fault's byte (one byte, one character in Windows-1252): no split of the whole text.
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at);
    const shown = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    const warn = options.onWarning ?? ((message: string) => console.warn(message));
    warn(
      `${options.source ?? 'the input'} is not UTF-8 (line ${line}, byte 0x${bytes[at].toString(16).toUpperCase()}): read as Windows-1252, the encoding of Excel's "CSV" on a Western European Windows, line ${line} reading ${JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown)}; if that is wrong, save the file as UTF-8 ("CSV UTF-8" in Excel)`,
    );
    return text;
  }
}
