import fs from 'node:fs';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { writeFileAtomic, writeFileAtomicSync } from '../internal/atomic-write.js';
import { onExit } from '../internal/exit-hooks.js';
import { debug } from '../internal/debug.js';
import { hashContent } from './hash.js';
import { decodeCheckedJson, encodeCheckedJson } from './checked-json.js';

/**
 * Maps a file's (size, mtime, ctime, inode) to its content hash so a warm run stats
 * files instead of reading them. Like git's index, an entry whose timestamps fall within
 * RACY_WINDOW_MS of the moment the index was saved is not trusted: the file could have
 * changed again within the same timestamp granule without its stat changing.
 */
export const RACY_WINDOW_MS = 2_000;
// 3: the file carries a checksum (checked-json.ts).
const INDEX_FORMAT = 3;
const FLUSH_EVERY_CHANGES = 5_000;
const FLUSH_EVERY_MS = 5_000;

type Row = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string, binary: 0 | 1];

/** What the index knows of a file whose stat is unchanged. */
export interface KnownFile {
  hash: string;
  binary: boolean;
}

interface IndexFile {
  format: number;
  savedAt: number;
  entries: Record<string, Row>;
}

export interface FileStateIndex {
  /** The content hash recorded for this exact stat, or undefined (re-hash). */
  lookup(relativePath: string, stat: Stats): KnownFile | undefined;
  record(relativePath: string, stat: Stats, known: KnownFile): void;
  /** Paths seen this run; with `complete`, unseen entries are dropped on save. */
  markSeen(relativePath: string): void;
  setComplete(complete: boolean): void;
  save(): Promise<void>;
  saveSync(): void;
  close(): Promise<void>;
  readonly size: number;
}

export interface FileStateOptions {
  /** Where the index lives (inside the versioned cache directory). */
  file: string;
  /** Written only when true; a read-only cache still answers lookups. */
  writable: () => boolean;
  /** Told when a stored index fails its checksum and is discarded (counted in stats.corrupt). */
  onCorrupt?: (reason: string) => void;
}

export function indexFileFor(cacheRoot: string, repoRoot: string): string {
  return path.join(cacheRoot, 'state', `files-${hashContent(repoRoot).slice(0, 16)}.json`);
}

function load(file: string, onCorrupt: (reason: string) => void): IndexFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // An index of an older format (plain JSON) is replaced, not counted as damage.
  if (text.startsWith('{')) {
    debug('file-state', `${file}: older format, starting empty`);
    return undefined;
  }
  const decoded = decodeCheckedJson(text);
  if ('corrupt' in decoded) {
    debug('file-state', `${file}: ${decoded.corrupt}, starting empty`);
    onCorrupt(decoded.corrupt);
    return undefined;
  }
  const parsed = decoded.value as IndexFile;
  if (
    !parsed ||
    parsed.format !== INDEX_FORMAT ||
    typeof parsed.savedAt !== 'number' ||
    typeof parsed.entries !== 'object' ||
    parsed.entries === null
  ) {
    debug('file-state', `${file}: foreign format, starting empty`);
    return undefined;
  }
  return parsed;
}

export function createFileStateIndex(options: FileStateOptions): FileStateIndex {
  const loaded = load(options.file, options.onCorrupt ?? (() => undefined));
  // Advanced on each save, so a long-lived process (watch mode) trusts files unchanged since then.
  let savedAt = loaded?.savedAt ?? 0;
  const entries = new Map<string, Row>(Object.entries(loaded?.entries ?? {}));
  const seen = new Set<string>();
  let complete = false;
  let dirty = 0;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> | undefined;

  const unregister = onExit(() => saveSync());

  function snapshot(): IndexFile {
    const now = Date.now();
    const out: Record<string, Row> = {};
    for (const [rel, row] of entries) {
      if (complete && !seen.has(rel)) continue;
      out[rel] = row;
    }
    return { format: INDEX_FORMAT, savedAt: now, entries: out };
  }

  function scheduleFlush(): void {
    if (dirty >= FLUSH_EVERY_CHANGES) {
      void save();
      return;
    }
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void save();
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  }

  async function save(): Promise<void> {
    if (dirty === 0 && !(complete && seen.size !== entries.size)) return;
    if (!options.writable()) return;
    if (saving) await saving;
    const state = snapshot();
    const data = encodeCheckedJson(state);
    dirty = 0;
    saving = (async () => {
      try {
        await fs.promises.mkdir(path.dirname(options.file), { recursive: true });
        await writeFileAtomic(options.file, data);
        savedAt = state.savedAt;
      } catch (error) {
        debug('file-state', `save failed: ${(error as Error).message}`);
      }
    })();
    await saving;
    saving = undefined;
  }

  function saveSync(): void {
    if (dirty === 0 || !options.writable()) return;
    try {
      fs.mkdirSync(path.dirname(options.file), { recursive: true });
      writeFileAtomicSync(options.file, encodeCheckedJson(snapshot()));
      dirty = 0;
    } catch (error) {
      debug('file-state', `sync save failed: ${(error as Error).message}`);
    }
  }

  return {
    get size() {
      return entries.size;
    },
    lookup(rel, stat) {
      const row = entries.get(rel);
      if (!row) return undefined;
      const [size, mtimeMs, ctimeMs, ino, hash, binary] = row;
      if (size !== stat.size || mtimeMs !== stat.mtimeMs || ctimeMs !== stat.ctimeMs || ino !== stat.ino)
        return undefined;
      // Racily clean (git's rule, on mtime): modified within a timestamp granule of the index
      // write, so a second edit in that granule would leave the stat unchanged. Re-hash.
      if (mtimeMs >= savedAt - RACY_WINDOW_MS) return undefined;
      return { hash, binary: binary === 1 };
    },
    record(rel, stat, { hash, binary }) {
      const previous = entries.get(rel);
      if (
        previous &&
        previous[4] === hash &&
        previous[0] === stat.size &&
        previous[1] === stat.mtimeMs &&
        previous[2] === stat.ctimeMs &&
        previous[3] === stat.ino &&
        // A racily clean row is saved again, so that under the new save time it is trusted.
        previous[1] < savedAt - RACY_WINDOW_MS
      ) {
        return;
      }
      entries.set(rel, [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, hash, binary ? 1 : 0]);
      dirty++;
      scheduleFlush();
    },
    markSeen(rel) {
      seen.add(rel);
    },
    setComplete(value) {
      complete = value;
    },
    save,
    saveSync,
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await save();
      unregister();
    },
  };
}
