import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../internal/atomic-write.js';
import { sharedLimiter } from '../internal/limiter.js';
import { WarmbuildError } from '../errors.js';
import type { Pack } from './pack-store.js';
import { notOursError, ownershipOf, removeOwnNames, sweepStaleTemps } from './cache-dir.js';
import { describeWriteFailure } from './write-failure.js';

// The maintenance half of the disk tier: what `prune`, `cache stats` and `cache clear` do to the
// whole directory (list, evict, measure, remove), apart from the per-entry reads and writes of
// disk-store.ts, which calls `prune` itself once its usage estimate passes maxDiskSize.

export interface PruneOptions {
  maxAge?: number;
  maxDiskSize?: number;
  /** Also remove entries not used since this time (epoch ms), e.g. the start of the last run. */
  unusedSince?: number;
  /** Only this namespace. */
  namespace?: string;
}

export interface PruneResult {
  removed: number;
  bytesRemoved: number;
  remaining: number;
  bytesRemaining: number;
  /** Temp files and locks left by killed runs (older than an hour), removed. */
  staleTemps?: number;
}

export interface DiskUsage {
  entries: number;
  bytes: number;
  namespaces: Record<string, { entries: number; bytes: number }>;
}

/** What maintenance needs from the disk store that owns the directory. */
export interface MaintainedStore {
  /** The configured cache directory (for messages and the ownership check). */
  cacheDir: string;
  /** The versioned directory and its entry and pack sub-directories. */
  root: string;
  entriesDir: string;
  packsDir: string;
  maxAge: number;
  maxDiskSize: number;
  readonly writable: boolean;
  /** The namespace's pack, opened once and shared with reads and writes. */
  packFor(namespace: string): Pack;
  /** Write the packs' pending changes (turns the store read-only on an unwritable directory). */
  flushPacks(): Promise<void>;
  /** Mark the entries this run used as used now, so eviction keeps them. */
  touchUsed(): Promise<void>;
  /** Forget open packs and created directories after a clear (all of them, or one namespace's pack). */
  forget(namespace?: string): void;
  assertNamespace(namespace: string): void;
}

export interface DiskMaintenance {
  prune(options?: PruneOptions): Promise<PruneResult>;
  usage(): Promise<DiskUsage>;
  clear(namespace?: string): Promise<string[]>;
}

interface ListedEntry {
  file: string;
  namespace: string;
  size: number;
  mtimeMs: number;
  /** Set for an entry inside a pack (whose last use is known to the minute: its end is taken, so an entry used by this run never counts as unused). */
  packKey?: string;
}

export function createDiskMaintenance(store: MaintainedStore): DiskMaintenance {
  const { root, entriesDir, packsDir } = store;

  async function listEntries(namespace?: string): Promise<ListedEntry[]> {
    const out: ListedEntry[] = [];
    const packNames = namespace
      ? [`${namespace}.pack`]
      : (await fs.promises.readdir(packsDir).catch(() => [] as string[])).filter((name) => name.endsWith('.pack'));
    for (const name of packNames) {
      const pack = store.packFor(name.slice(0, -'.pack'.length));
      for (const [key, entry] of pack.entries()) {
        out.push({
          file: pack.file,
          namespace: pack.namespace,
          size: entry.value.length + key.length + 9,
          mtimeMs: (entry.lastUsedMinute + 1) * 60_000 - 1,
          packKey: key,
        });
      }
    }
    const namespaces = namespace ? [namespace] : await fs.promises.readdir(entriesDir).catch(() => [] as string[]);
    for (const ns of namespaces) {
      const shards = await fs.promises.readdir(path.join(entriesDir, ns)).catch(() => [] as string[]);
      for (const shard of shards) {
        const dir = path.join(entriesDir, ns, shard);
        const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
        await Promise.all(
          names.map((name) =>
            sharedLimiter()(async () => {
              const file = path.join(dir, name);
              const st = await fs.promises.stat(file).catch(() => undefined);
              if (st?.isFile()) out.push({ file, namespace: ns, size: st.size, mtimeMs: st.mtimeMs });
            }),
          ),
        );
      }
    }
    return out;
  }

  async function prune(pruneOptions: PruneOptions = {}): Promise<PruneResult> {
    if (store.writable) {
      await store.flushPacks();
      await store.touchUsed();
    }
    const limitAge = pruneOptions.maxAge ?? store.maxAge;
    const limitSize = pruneOptions.maxDiskSize ?? store.maxDiskSize;
    const now = Date.now();
    const entries = await listEntries(pruneOptions.namespace);
    const doomed: typeof entries = [];
    const kept: typeof entries = [];
    for (const entry of entries) {
      const stale = now - entry.mtimeMs > limitAge;
      const unused = pruneOptions.unusedSince !== undefined && entry.mtimeMs < pruneOptions.unusedSince;
      // Interrupted writers leave temp files; one older than an hour belongs to nobody.
      const orphanTemp = entry.file.endsWith('.tmp') && now - entry.mtimeMs > 60 * 60 * 1000;
      (stale || unused || orphanTemp ? doomed : kept).push(entry);
    }
    kept.sort((a, b) => a.mtimeMs - b.mtimeMs);
    let bytes = kept.reduce((sum, entry) => sum + entry.size, 0);
    while (bytes > limitSize && kept.length > 0) {
      const oldest = kept.shift()!;
      bytes -= oldest.size;
      doomed.push(oldest);
    }
    const doomedFiles = doomed.filter((entry) => entry.packKey === undefined);
    await Promise.all(doomedFiles.map((entry) => sharedLimiter()(() => fs.promises.rm(entry.file, { force: true }))));
    for (const entry of doomed) if (entry.packKey !== undefined) store.packFor(entry.namespace).delete([entry.packKey]);
    if (store.writable) await store.flushPacks();
    if (store.writable) {
      await writeFileAtomic(path.join(root, 'usage.json'), JSON.stringify({ bytes })).catch(() => undefined);
    }
    const staleTemps = store.writable ? await sweepStaleTemps(root, now) : 0;
    return {
      staleTemps,
      removed: doomed.length,
      bytesRemoved: doomed.reduce((sum, entry) => sum + entry.size, 0),
      remaining: kept.length,
      bytesRemaining: bytes,
    };
  }

  async function usage(): Promise<DiskUsage> {
    const entries = await listEntries();
    const namespaces: DiskUsage['namespaces'] = {};
    let bytes = 0;
    for (const entry of entries) {
      bytes += entry.size;
      const ns = (namespaces[entry.namespace] ??= { entries: 0, bytes: 0 });
      ns.entries++;
      ns.bytes += entry.size;
    }
    return { entries: entries.length, bytes, namespaces };
  }

  async function clear(namespace?: string): Promise<string[]> {
    const ownership = ownershipOf(store.cacheDir);
    if (ownership.state === 'absent') return [];
    if (ownership.state === 'foreign') throw notOursError(store.cacheDir, 'clear', ownership.reason);
    let left: string[] = [];
    try {
      if (namespace) {
        store.assertNamespace(namespace);
        await fs.promises.rm(path.join(entriesDir, namespace), { recursive: true, force: true });
        await fs.promises.rm(path.join(packsDir, `${namespace}.pack`), { force: true });
        await fs.promises.rm(path.join(packsDir, `${namespace}.pack.used`), { force: true });
        store.forget(namespace);
      } else {
        // Open packs would write their entries back into the emptied directory.
        store.forget();
        left = await removeOwnNames(root);
      }
    } catch (error) {
      throw new WarmbuildError(
        'CACHE_UNWRITABLE',
        `cannot clear the cache directory ${store.cacheDir}: ${describeWriteFailure(error, store.cacheDir)}`,
        {
          hint: 'make it writable (remount a read-only file system read-write, fix the permissions) or remove it by hand',
          cause: error,
        },
      );
    }
    return left;
  }

  return { prune, usage, clear };
}
