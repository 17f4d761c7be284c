import { accessSync, closeSync, constants, copyFileSync, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CareshedError } from '../model/errors.js';

// Why not npm write-file-atomic (8.0.0, well kept): it writes and renames each file in one call, so a set of
// files (a report and its maps, the demo's folder) could not be written all or none; its temporary names
// (name.123456789) are not hidden, and its clean-up on exit cannot run when a run is killed. What it does for
// one file (temporary file beside the target, fsync, rename, the target's mode kept, a symbolic link written
// through) is done here for every file of a set.

/** Temporary and backup files: hidden (dotted), named after their target, the writing process and a count. */
const MARK = '.careshed-';
let sequence = 0;

/** At most this much of the target's name goes into a temporary name, which must stay under 255 bytes. */
const NAME_KEPT = 100;

/** What the system said, in words a person can act on. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EFBIG: 'the file would be larger than this system allows (a file size limit)',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied (or the file is open in another program)',
    EBUSY: 'the file is in use by another program',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder, not a file',
    ENOENT: 'the folder does not exist and cannot be made (a missing drive?)',
    EEXIST: 'a part of the path is a file, not a folder',
    EIO: 'an input/output error of the disk',
  };
  return code !== undefined && Object.hasOwn(words, code) ? `${words[code]} (${code})` : (error as Error).message;
}

/** A write that failed: the file named, what the system said, and that nothing was replaced. */
export function writeError(path: string, error: unknown, many: boolean): CareshedError {
  if (error instanceof CareshedError) return error;
  const kept = many ? 'none of the outputs was written; files already there are as they were' : 'nothing was written; a file already there is as it was';
  return new CareshedError('IO_ERROR', `cannot write the file: ${reason(error)}; ${kept}`, { source: path });
}

/**
 * The file a write to `path` lands in: the target of a symbolic link (as `>` in a shell and write-file-atomic
 * do), else the path itself, absolute.
 *
 * @example
 * outputTarget('latest.json'); // '/home/me/runs/2026-05.json' when latest.json links there
 */
export function outputTarget(path: string): string {
  const absolute = resolve(path);
  try {
    if (!lstatSync(absolute).isSymbolicLink()) return absolute;
  } catch {
    return absolute;
  }
  try {
    return realpathSync(absolute);
  } catch {
    return resolve(dirname(absolute), readlinkSync(absolute)); // a link to a file not there yet
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // there, but another user's
  }
};

/**
 * Removes what a killed run left beside `target`: temporary and backup files of a process that is gone
 * (a live one's are left alone, another careshed writing the same folder).
 */
function removeLeftovers(folder: string, name: string): void {
  const prefix = `.${name.slice(0, NAME_KEPT)}${MARK}`;
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(\d+)-\d+\.(?:tmp|old)$/.exec(entry.slice(prefix.length));
    if (!match || Number(match[1]) === process.pid || isAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(folder, entry));
    } catch {
      // gone already, or not ours to remove: harmless
    }
  }
}

const hiddenName = (target: string, kind: 'tmp' | 'old') => join(dirname(target), `.${basename(target).slice(0, NAME_KEPT)}${MARK}${process.pid}-${++sequence}.${kind}`);

/** Flushes a folder's entries (the renames) to the disk; not every system can open a folder (Windows). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // the renames stand; only their durability across a power cut is left to the system
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const removeQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
};

interface Staged {
  /** As given, for messages. */
  path: string;
  /** Where the file lands (a link's target). */
  target: string;
  temp: string;
  backup?: string;
}

/**
 * Files written all or none. Each `write` puts its content in a hidden temporary file beside its target
 * (`.NAME.careshed-PID-N.tmp`), flushed to the disk; `commit` then renames every one into place, so that
 * each file is either its old self or whole and new, never cut short. When anything fails (a full disk, a
 * folder that cannot be written, a file open in another program) before or during the renames, every
 * temporary file is removed, the files already renamed get their old content back, and the folders made for
 * the set are removed: the old outputs stay as they were. A run killed before `commit` leaves only hidden
 * temporary files, which the next write beside the same target removes.
 *
 * @example
 * const files = new OutputFiles();
 * try {
 *   files.write('out/report.html', html);
 *   files.write('out/map.png', png);
 *   files.commit();
 * } finally {
 *   files.abandon(); // after a commit: nothing to do
 * }
 */
export class OutputFiles {
  #staged: Staged[] = [];
  /** Outputs that are no file (/dev/null, /dev/stdout, a named pipe): written straight, after the renames. */
  #streams: { path: string; target: string; content: string | Uint8Array }[] = [];
  #made: string[] = [];
  #closed = false;

  /** The folders made for the set, outermost first (those of a committed set stay). */
  get createdFolders(): readonly string[] {
    return this.#made;
  }

  /** Writes `content` into a temporary file beside `path`; the set is abandoned if it fails. */
  write(path: string, content: string | Uint8Array): void {
    if (this.#closed) throw new Error('careshed: OutputFiles already committed or abandoned');
    const target = outputTarget(path);
    let temp: string | undefined;
    let fd: number | undefined;
    try {
      const existing = statOrNull(target);
      if (existing?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      // A device or a pipe is not replaced (a rename over /dev/null would put a file in its place): it takes the bytes.
      if (existing && !existing.isFile()) {
        this.#streams.push({ path, target, content });
        return;
      }
      // A read-only file is kept so on purpose: a rename would replace it whatever its mode.
      if (existing) accessSync(target, constants.W_OK);
      const folder = dirname(target);
      const made = mkdirSync(folder, { recursive: true });
      if (made !== undefined) this.#made.push(...foldersMade(made, folder));
      removeLeftovers(folder, basename(target));
      temp = hiddenName(target, 'tmp');
      fd = openSync(temp, 'wx');
      this.#staged.push({ path, target, temp });
      if (existing) {
        try {
          fchmodSync(fd, existing.mode & 0o7777);
        } catch {
          // the system's default mode then (not every system has modes)
        }
      }
      writeFileSync(fd, content);
      fsyncSync(fd);
    } catch (error) {
      if (fd !== undefined) closeQuietly(fd);
      fd = undefined;
      this.abandon();
      throw writeError(path, error, this.#staged.length > 1);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Renames every temporary file into place: all or none. */
  commit(): void {
    if (this.#closed) throw new Error('careshed: OutputFiles already committed or abandoned');
    const many = this.#staged.length > 1;
    const renamed: Staged[] = [];
    let failed: Staged | undefined;
    try {
      // With several files, a rename that fails after others succeeded must be undone: keep the old ones.
      if (many) {
        for (const s of this.#staged) {
          if (!statOrNull(s.target)?.isFile()) continue; // none there: nothing to keep (a folder: its rename fails below)
          failed = s;
          s.backup = hiddenName(s.target, 'old');
          try {
            linkSync(s.target, s.backup);
          } catch {
            copyFileSync(s.target, s.backup); // a file system without hard links
          }
        }
      }
      for (const s of this.#staged) {
        failed = s;
        renameSync(s.temp, s.target);
        renamed.push(s);
      }
    } catch (error) {
      const kept: string[] = [];
      for (const s of renamed) {
        try {
          if (s.backup) renameSync(s.backup, s.target);
          else unlinkSync(s.target);
        } catch {
          if (s.backup) kept.push(s.backup);
          s.backup = undefined; // the old content stays in its backup, which abandon() must not remove
        }
      }
      this.abandon();
      const problem = writeError(failed?.path ?? '', error, many);
      if (kept.length === 0) throw problem;
      throw new CareshedError('IO_ERROR', `${problem.problem}, except the old content of some, kept in ${kept.join(', ')}`, problem.location);
    }
    for (const s of this.#staged) if (s.backup) removeQuietly(s.backup);
    for (const folder of new Set(this.#staged.map((s) => dirname(s.target)))) syncFolder(folder);
    this.#closed = true;
    for (const stream of this.#streams) {
      try {
        writeFileSync(stream.target, stream.content);
      } catch (error) {
        throw writeError(stream.path, error, false);
      }
    }
  }

  /** Removes every temporary and backup file and the folders made for the set; the old outputs stay. */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#staged) {
      removeQuietly(s.temp);
      if (s.backup) removeQuietly(s.backup);
    }
    for (const folder of [...this.#made].reverse()) {
      try {
        rmdirSync(folder); // only when empty: something else may have been put there meanwhile
      } catch {
        break;
      }
    }
    this.#made = [];
  }
}

const statOrNull = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return null;
  }
};

const closeQuietly = (fd: number) => {
  try {
    closeSync(fd);
  } catch {
    // closing a file whose write failed: nothing more to do
  }
};

/** The folders from `first` (the outermost made) down to `folder`. */
function foldersMade(first: string, folder: string): string[] {
  const steps = relative(first, folder).split(/[\\/]/).filter((s) => s !== '');
  return [first, ...steps.map((_, k) => join(first, ...steps.slice(0, k + 1)))];
}

/**
 * Writes files all or none (see `OutputFiles`); returns the folders it made. A content given as a function is
 * made when its file's turn comes.
 *
 * @example
 * writeFilesAtomically([{ path: 'coverage.csv', content: csv }, { path: 'coverage-epci.csv', content: byEpci }]);
 */
export function writeFilesAtomically(files: readonly { path: string; content: string | Uint8Array | (() => string | Uint8Array) }[]): readonly string[] {
  const set = new OutputFiles();
  try {
    // Content made when its turn comes (a map's PNG): one file's bytes in memory at a time.
    for (const file of files) set.write(file.path, typeof file.content === 'function' ? file.content() : file.content);
    set.commit();
    return set.createdFolders;
  } finally {
    set.abandon();
  }
}
