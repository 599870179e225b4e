import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { writeFileAtomicSync } from '../internal/atomic-write.js';
import { debug } from '../internal/debug.js';
import { RACY_WINDOW_MS } from '../cache/file-state.js';
import { decodeCheckedJson, encodeCheckedJson } from '../cache/checked-json.js';

/**
 * A walk of the tree that reuses each directory's listing while the directory's mtime and
 * inode are unchanged (adding, removing or renaming an entry changes a directory's mtime).
 * Ignored directories are pruned as the walk meets their `.gitignore` rules. On a warm run one
 * stat per directory replaces a walk that lists every file.
 * As for files, a directory modified within RACY_WINDOW_MS of the save is listed again.
 */
// 2: the file carries a checksum (a flipped bit in a name would silently drop a file).
const FORMAT = 2;
const NEVER_WALKED = new Set(['node_modules', '.git']);

type EntryType = 'f' | 'd' | 'l';
type Listing = [mtimeMs: number, ino: number, entries: [name: string, type: EntryType][]];

interface SavedListings {
  format: number;
  savedAt: number;
  dirs: Record<string, Listing>;
}

export interface WalkResult {
  /** Repo-relative, forward-slashed, sorted. */
  files: string[];
  ignoreFiles: string[];
  /** Directories listed from the cache / read from disk. */
  reused: number;
  listed: number;
}

function loadSaved(file: string | undefined, onCorrupt?: () => void): SavedListings | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (text.startsWith('{')) return undefined; // older format: replaced, not damage
  const decoded = decodeCheckedJson(text);
  if ('corrupt' in decoded) {
    debug('walk', `${file}: ${decoded.corrupt}; listing every directory again`);
    onCorrupt?.();
    return undefined;
  }
  const parsed = decoded.value as SavedListings;
  return parsed &&
    parsed.format === FORMAT &&
    typeof parsed.savedAt === 'number' &&
    typeof parsed.dirs === 'object' &&
    parsed.dirs !== null
    ? parsed
    : undefined;
}

function readRules(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Whether an ignore file holds a pattern (a line neither blank nor a `#` comment). One without,
 * like the `.git/info/exclude` that `git init` writes, ignores nothing and is not consulted:
 * consulting it cost a test per walked path.
 */
export function holdsPatterns(rules: string): boolean {
  return rules.split('\n').some((line) => line.trimEnd() !== '' && !line.startsWith('#'));
}

/**
 * Every file under `root` not ignored by `.gitignore` files (at any depth, negations
 * included), `.git/info/exclude`, `node_modules`, `.git` and the `exclude` patterns
 * (gitignore syntax). Symbolic links are listed, never followed.
 */
export function walkFiles(
  root: string,
  options: {
    exclude?: readonly string[];
    gitignore?: boolean;
    stateFile?: string;
    writable?: boolean;
    onCorrupt?: () => void;
  } = {},
): WalkResult {
  const saved = loadSaved(options.stateFile, options.onCorrupt);
  const trustBefore = (saved?.savedAt ?? 0) - RACY_WINDOW_MS;
  const next: SavedListings = { format: FORMAT, savedAt: Date.now(), dirs: {} };
  const user = options.exclude && options.exclude.length > 0 ? ignore().add([...options.exclude]) : undefined;
  const useGitignore = options.gitignore !== false;
  const rules: { dir: string; rules: Ignore }[] = [];
  if (useGitignore) {
    const infoExclude = readRules(path.join(root, '.git', 'info', 'exclude'));
    if (holdsPatterns(infoExclude)) rules.push({ dir: '', rules: ignore().add(infoExclude) });
  }

  const isIgnored = (rel: string, isDir: boolean): boolean => {
    if (user?.ignores(isDir ? `${rel}/` : rel)) return true;
    let ignored = false;
    for (const level of rules) {
      if (level.dir !== '' && !rel.startsWith(`${level.dir}/`)) continue;
      const local = level.dir === '' ? rel : rel.slice(level.dir.length + 1);
      const result = level.rules.test(isDir ? `${local}/` : local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };

  const files: string[] = [];
  const ignoreFiles: string[] = [];
  let reused = 0;
  let listed = 0;
  // Breadth-first with an explicit queue: no recursion on directory depth.
  const queue: string[] = [''];
  for (let head = 0; head < queue.length; head++) {
    const dir = queue[head];
    const absolute = dir === '' ? root : `${root}/${dir}`;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      continue; // removed while walking, or unreadable: nothing under it to list
    }
    let listing = saved?.dirs[dir];
    if (listing && listing[0] === stat.mtimeMs && listing[1] === stat.ino && stat.mtimeMs < trustBefore) {
      reused++;
    } else {
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(absolute, { withFileTypes: true });
      } catch (error) {
        debug('walk', `cannot list ${absolute}: ${(error as Error).message}`);
        continue;
      }
      listed++;
      listing = [
        stat.mtimeMs,
        stat.ino,
        dirents.map(
          (dirent) =>
            [dirent.name, dirent.isDirectory() ? 'd' : dirent.isSymbolicLink() ? 'l' : 'f'] as [string, EntryType],
        ),
      ];
    }
    next.dirs[dir] = listing;
    const entries = listing[2];
    if (useGitignore && entries.some(([name, type]) => name === '.gitignore' && type === 'f')) {
      const rel = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
      ignoreFiles.push(rel);
      const gitignore = readRules(`${absolute}/.gitignore`);
      if (holdsPatterns(gitignore)) {
        rules.push({ dir, rules: ignore().add(gitignore) });
        // Deeper rules must be consulted after shallower ones.
        rules.sort(
          (a, b) => (a.dir === '' ? 0 : a.dir.split('/').length) - (b.dir === '' ? 0 : b.dir.split('/').length),
        );
      }
    }
    for (const [name, type] of entries) {
      if (type === 'd' && NEVER_WALKED.has(name)) continue;
      const rel = dir === '' ? name : `${dir}/${name}`;
      if (isIgnored(rel, type === 'd')) continue;
      if (type === 'd') queue.push(rel);
      else files.push(rel);
    }
  }
  if (options.stateFile && options.writable !== false && listed > 0) {
    try {
      fs.mkdirSync(path.dirname(options.stateFile), { recursive: true });
      writeFileAtomicSync(options.stateFile, encodeCheckedJson(next));
    } catch (error) {
      debug('walk', `cannot save listings: ${(error as Error).message}`);
    }
  }
  files.sort();
  ignoreFiles.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  return { files, ignoreFiles, reused, listed };
}
