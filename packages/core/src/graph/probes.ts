import fs from 'node:fs';
import path from 'node:path';
import { toRepoRelative } from '../internal/paths.js';

/**
 * Resolution reads the disk beyond the discovered file list: gitignored (generated) files,
 * node_modules, package.json files of installed packages, `extends` targets, symlinks. Each
 * such path is an input of the graph snapshot as much as a tracked file is: a warm run re-stats
 * them and re-resolves when any answer would differ, so it always equals `--no-cache`.
 *
 * A probe is stored as `[key, state]`: key `s<path>` (a stat: `-` missing, `d` directory, `f`
 * file, `f<size>:<mtime>` a file whose content was read) or `r<path>` (a realpath: its target).
 * Paths are relative to the root (`../` for the parent directories TypeScript walks up to).
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

function statState(absolute: string, withContent: boolean): string {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute, { throwIfNoEntry: false });
  } catch {
    // EACCES, ENOTDIR, ELOOP: as absent, as TypeScript's own fileExists answers.
    stat = undefined;
  }
  if (!stat) return '-';
  if (stat.isDirectory()) return 'd';
  if (!stat.isFile()) return '-';
  return withContent ? `f${stat.size}:${stat.mtimeMs}` : 'f';
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
  const stat = (absolute: string, withContent = false) => {
    const key = `s${relative(absolute)}`;
    const known = recorded.get(key);
    // A read after a stat needs the content-level state; a stat after a read keeps it.
    if (known !== undefined && (!withContent || known.length > 1 || known !== 'f')) return known;
    const state = statState(absolute, withContent);
    record(key, state);
    return state;
  };
  return {
    fileExists: (absolute) => stat(absolute).startsWith('f'),
    directoryExists: (absolute) => stat(absolute) === 'd',
    readFile(absolute) {
      if (!stat(absolute, true).startsWith('f')) return undefined;
      try {
        return fs.readFileSync(absolute, 'utf8');
      } catch {
        // Raced with a delete: absent, as TypeScript's own readFile answers.
        return undefined;
      }
    },
    realpath(absolute) {
      const target = realpathState(root, absolute);
      record(`r${relative(absolute)}`, target);
      return target === '' ? absolute : path.resolve(root, target);
    },
    getDirectories(absolute) {
      stat(absolute);
      try {
        return fs.readdirSync(absolute, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
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
    const now = key.startsWith('r') ? realpathState(root, absolute) : statState(absolute, state.length > 1);
    if (now !== state) return false;
  }
  return true;
}

/** Probes of a stored snapshot, when they have the shape this version writes. */
export function validProbes(value: unknown): Probe[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string' || !/^[sr]/.test(entry[0])) return undefined;
  }
  return value as Probe[];
}
