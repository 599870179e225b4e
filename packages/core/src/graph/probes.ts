import fs from 'node:fs';
import path from 'node:path';
import { hashContent } from '../cache/hash.js';
import { toRepoRelative } from '../internal/paths.js';

/**
 * Resolution reads the disk beyond the discovered file list: gitignored (generated) files,
 * node_modules, package.json files of installed packages, `extends` targets, symlinks. Each
 * such path is an input of the graph snapshot as much as a tracked file is: a warm run re-stats
 * them and re-resolves when any answer would differ, so it always equals `--no-cache`.
 *
 * A probe is stored as `[key, state]`: key `s<path>` (a stat: `-` missing, `d` directory, `f`
 * file, `f<size>:<mtime>:<hash>` a file whose content was read) or `r<path>` (a realpath: its
 * target). Paths are relative to the root (`../` for the parent directories TypeScript walks up
 * to). A read file whose size and mtime still match is unchanged; one whose mtime alone moved
 * (a fresh checkout or install in CI) is read and its hash compared, so the snapshot stays
 * reusable across machines.
 */
export type Probe = [key: string, state: string];

/**
 * More probes than this and the snapshot keeps none: its resolutions are then never reused
 * (facts still are), which is slower but never stale. Bounds the snapshot and the warm re-stat.
 */
export const MAX_PROBES = 50_000;

export interface ProbeRecorder {
  fileExists(absolute: string): boolean;
  directoryExists(absolute: string): boolean;
  readFile(absolute: string): string | undefined;
  realpath(absolute: string): string;
  getDirectories(absolute: string): string[];
  /** Everything probed so far, or undefined past MAX_PROBES. */
  probes(): Probe[] | undefined;
}

function statOf(absolute: string): fs.Stats | undefined {
  try {
    return fs.statSync(absolute, { throwIfNoEntry: false });
  } catch {
    // EACCES, ENOTDIR, ELOOP: as absent, as TypeScript's own fileExists answers.
    return undefined;
  }
}

function typeState(stat: fs.Stats | undefined): string {
  return !stat ? '-' : stat.isDirectory() ? 'd' : stat.isFile() ? 'f' : '-';
}

/** The content-level state of a read file, with its text (undefined when it cannot be read). */
function readState(absolute: string): { state: string; text: string | undefined } {
  const stat = statOf(absolute);
  const type = typeState(stat);
  if (type !== 'f') return { state: type, text: undefined };
  try {
    const text = fs.readFileSync(absolute, 'utf8');
    return { state: `f${stat!.size}:${stat!.mtimeMs}:${hashContent(text)}`, text };
  } catch {
    // Raced with a delete: absent, as TypeScript's own readFile answers.
    return { state: '-', text: undefined };
  }
}

/** Whether a read file's recorded state still holds: by size and mtime, else by content. */
function sameContent(absolute: string, recorded: string): boolean {
  const stat = statOf(absolute);
  if (typeState(stat) !== 'f') return false;
  const [size, mtime, hash] = recorded.slice(1).split(':');
  if (String(stat!.size) !== size) return false;
  if (String(stat!.mtimeMs) === mtime) return true;
  try {
    return hashContent(fs.readFileSync(absolute, 'utf8')) === hash;
  } catch {
    return false;
  }
}

function realpathState(root: string, absolute: string): string {
  try {
    return toRepoRelative(root, fs.realpathSync.native(absolute));
  } catch {
    return '';
  }
}

export function createProbeRecorder(root: string): ProbeRecorder {
  const recorded = new Map<string, string>();
  let overflow = false;
  const relative = (absolute: string) => toRepoRelative(root, path.resolve(root, absolute));
  const record = (key: string, state: string) => {
    if (overflow) return;
    recorded.set(key, state);
    if (recorded.size > MAX_PROBES) overflow = true;
  };
  const stat = (absolute: string) => {
    const key = `s${relative(absolute)}`;
    let state = recorded.get(key);
    if (state === undefined) {
      state = typeState(statOf(absolute));
      record(key, state);
    }
    return state;
  };
  return {
    fileExists: (absolute) => stat(absolute).startsWith('f'),
    directoryExists: (absolute) => stat(absolute) === 'd',
    readFile(absolute) {
      // A read after a stat needs the content-level state; its text is not kept (TypeScript caches what it needs).
      const { state, text } = readState(absolute);
      record(`s${relative(absolute)}`, state);
      return text;
    },
    realpath(absolute) {
      const target = realpathState(root, absolute);
      record(`r${relative(absolute)}`, target);
      return target === '' ? absolute : path.resolve(root, target);
    },
    getDirectories(absolute) {
      stat(absolute);
      try {
        return fs
          .readdirSync(absolute, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name);
      } catch {
        return [];
      }
    },
    probes: () => (overflow ? undefined : [...recorded]),
  };
}

/** Whether every probe would be answered as it was: the snapshot's resolutions still hold. */
export function probesUnchanged(root: string, probes: readonly Probe[]): boolean {
  for (const [key, state] of probes) {
    const absolute = path.resolve(root, key.slice(1));
    if (key.startsWith('r')) {
      if (realpathState(root, absolute) !== state) return false;
    } else if (state.length > 1) {
      if (!sameContent(absolute, state)) return false;
    } else if (typeState(statOf(absolute)) !== state) {
      return false;
    }
  }
  return true;
}

/** Probes of a stored snapshot, when they have the shape this version writes. */
export function validProbes(value: unknown): Probe[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const entry of value) {
    if (
      !Array.isArray(entry) ||
      entry.length !== 2 ||
      typeof entry[0] !== 'string' ||
      typeof entry[1] !== 'string' ||
      !/^[sr]/.test(entry[0])
    )
      return undefined;
  }
  return value as Probe[];
}
