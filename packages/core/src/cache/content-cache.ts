import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { CACHE_FORMAT_VERSION, WARMBUILD_VERSION } from '../version.js';
import { createOnceLogger, stderrLogger, type Logger } from '../internal/logger.js';
import { onExit } from '../internal/exit-hooks.js';
import { HASH_ALGORITHM, hashParts } from './hash.js';
import {
  assertNamespace,
  createDiskStore,
  type DiskStore,
  type PruneOptions,
  type PruneResult,
  type DiskUsage,
} from './disk-store.js';
import { createFileStateIndex, indexFileFor, type FileStateIndex } from './file-state.js';
import { addRunToLifetimeStats } from './lifetime-stats.js';
import { emptyCacheStats, finishCacheStats, type CacheStats, type MutableCacheStats } from './cache-stats.js';

export const DEFAULT_MAX_MEMORY_SIZE = 64 * 1024 * 1024;

/**
 * A tier behind the disk (the shared remote cache). Reads are asked after a disk miss;
 * writes are handed over after the disk write and may be uploaded in the background.
 */
export interface RemoteTier {
  get(namespace: string, key: string): Promise<Buffer | undefined>;
  put(namespace: string, key: string, value: Buffer): void;
  flush(): Promise<void>;
  /** Told about entries served by memory or disk, so the remote can archive everything a run used. */
  observe?(namespace: string, key: string, value: Buffer): void;
  /**
   * A run over this file set begins. `runKey` is the same on every machine with the same files;
   * `lineKey` the same for the same repository and rule selection, whatever the commit.
   */
  startRun?(runKey: string, lineKey?: string): void;
}

export interface ContentCacheOptions {
  /** Repository root: a value holding this absolute path is refused (it would break reuse across checkouts). */
  root: string;
  /** @default '<root>/node_modules/.cache/warmbuild' */
  cacheDir?: string;
  /** @default 'default' */
  namespace?: string;
  /** Everything the cached results depend on besides content: options fingerprint, tool versions. */
  salt?: readonly (string | number | boolean | undefined)[];
  /** @default true, unless WARMBUILD_CACHE=0 */
  enabled?: boolean;
  /** Use the disk tier. @default true */
  disk?: boolean;
  maxMemorySize?: number;
  maxDiskSize?: number;
  maxAge?: number;
  logger?: Logger;
  remote?: RemoteTier;
}

export interface ContentCache {
  readonly enabled: boolean;
  readonly namespaceName: string;
  readonly cacheDir: string;
  /** The salted key of an entry: content hash(es) plus any per-entry parts. */
  key(...parts: readonly (string | number | boolean | undefined)[]): string;
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, value: Uint8Array | string): Promise<boolean>;
  getJson<T>(key: string): Promise<T | undefined>;
  setJson(key: string, value: unknown): Promise<boolean>;
  /** A view with its own namespace and salt that shares tiers, stats and the file-state index. */
  namespace(name: string, salt?: readonly (string | number | boolean | undefined)[]): ContentCache;
  readonly fileState: FileStateIndex | undefined;
  readonly disk: DiskStore | undefined;
  /** Live counters (for the loader and adapters to add to). */
  readonly counters: MutableCacheStats;
  stats(): CacheStats;
  flush(): Promise<void>;
  close(): Promise<void>;
  prune(options?: PruneOptions): Promise<PruneResult>;
  usage(): Promise<DiskUsage>;
  /** See DiskStore.clear: returns the names it left (not written by warmbuild). */
  clear(namespace?: string): Promise<string[]>;
}

export function defaultCacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'warmbuild');
}

export function cacheDisabledByEnv(): boolean {
  const value = process.env.WARMBUILD_CACHE;
  return value === '0' || value === 'false' || value === 'off';
}

/** Wall time with at least one cache operation in flight: overlapping operations count once. */
function createBusyClock(stats: MutableCacheStats) {
  let active = 0;
  let since = 0;
  return {
    enter() {
      if (active++ === 0) since = performance.now();
    },
    leave() {
      if (--active === 0) stats.timeMs += performance.now() - since;
    },
  };
}

interface SharedTiers {
  clock: ReturnType<typeof createBusyClock>;
  root: string;
  rootNeedles: Buffer[];
  cacheDir: string;
  enabled: boolean;
  memory: LRUCache<string, Buffer>;
  disk: DiskStore | undefined;
  remote: RemoteTier | undefined;
  fileState: FileStateIndex | undefined;
  stats: MutableCacheStats;
}

export function createContentCache(options: ContentCacheOptions): ContentCache {
  const logger = createOnceLogger(options.logger ?? stderrLogger);
  const root = path.resolve(options.root);
  const cacheDir = path.resolve(root, options.cacheDir ?? defaultCacheDir(root));
  const enabled = (options.enabled ?? true) && !cacheDisabledByEnv();
  const stats = emptyCacheStats();
  const memory = new LRUCache<string, Buffer>({
    maxSize: options.maxMemorySize ?? DEFAULT_MAX_MEMORY_SIZE,
    // What is really held: the bytes, the key string (UTF-16) and the entry's bookkeeping.
    sizeCalculation: (value, key) => value.byteLength + key.length * 2 + 96,
    dispose: (_value, _key, reason) => {
      if (reason === 'evict') stats.evictions++;
    },
  });
  const useDisk = enabled && options.disk !== false;
  const disk = useDisk
    ? createDiskStore({ cacheDir, maxDiskSize: options.maxDiskSize, maxAge: options.maxAge, logger, stats })
    : undefined;
  if (!useDisk) stats.diskEnabled = false;
  const fileState = disk
    ? createFileStateIndex({
        file: indexFileFor(disk.root, root),
        writable: () => disk.writable,
        onCorrupt: () => stats.corrupt++,
      })
    : undefined;
  const rootNeedles = [...new Set([root, safeRealpath(root)])].filter((p) => p.length > 1).map((p) => Buffer.from(p));
  const tiers: SharedTiers = {
    clock: createBusyClock(stats),
    root,
    rootNeedles,
    cacheDir,
    enabled,
    memory,
    disk,
    remote: enabled ? options.remote : undefined,
    fileState,
    stats,
  };
  if (disk) {
    onExit(() => disk.flushSync());
  }
  return createView(tiers, options.namespace ?? 'default', options.salt ?? []);
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function createView(
  tiers: SharedTiers,
  namespace: string,
  salt: readonly (string | number | boolean | undefined)[],
): ContentCache {
  assertNamespace(namespace);
  const { stats, memory, disk, remote } = tiers;
  const saltHash = hashParts([CACHE_FORMAT_VERSION, WARMBUILD_VERSION, HASH_ALGORITHM, namespace, ...salt]);
  const memoryKey = (key: string) => `${namespace}:${key}`;

  function holdsAbsolutePath(bytes: Buffer): boolean {
    return tiers.rootNeedles.some((needle) => bytes.includes(needle));
  }

  async function get(key: string): Promise<Buffer | undefined> {
    if (!tiers.enabled) return undefined;
    tiers.clock.enter();
    try {
      const fromMemory = memory.get(memoryKey(key));
      if (fromMemory) {
        stats.hits++;
        stats.memoryHits++;
        remote?.observe?.(namespace, key, fromMemory);
        return fromMemory;
      }
      const fromDisk = disk ? await disk.get(namespace, key) : undefined;
      if (fromDisk) {
        stats.hits++;
        stats.diskHits++;
        memory.set(memoryKey(key), fromDisk);
        remote?.observe?.(namespace, key, fromDisk);
        return fromDisk;
      }
      const fromRemote = remote ? await remote.get(namespace, key) : undefined;
      if (fromRemote) {
        stats.hits++;
        stats.remoteHits++;
        memory.set(memoryKey(key), fromRemote);
        if (disk) await disk.set(namespace, key, fromRemote);
        return fromRemote;
      }
      stats.misses++;
      return undefined;
    } finally {
      tiers.clock.leave();
    }
  }

  async function set(key: string, value: Uint8Array | string): Promise<boolean> {
    if (!tiers.enabled) return false;
    tiers.clock.enter();
    try {
      const bytes =
        typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (holdsAbsolutePath(bytes)) {
        stats.refused++;
        return false;
      }
      stats.writes++;
      memory.set(memoryKey(key), bytes);
      if (disk) await disk.set(namespace, key, bytes);
      remote?.put(namespace, key, bytes);
      return true;
    } finally {
      tiers.clock.leave();
    }
  }

  const view: ContentCache = {
    enabled: tiers.enabled,
    namespaceName: namespace,
    cacheDir: tiers.cacheDir,
    key: (...parts) => hashParts([saltHash, ...parts]),
    get,
    set,
    async getJson<T>(key: string) {
      const bytes = await get(key);
      if (!bytes) return undefined;
      try {
        return JSON.parse(bytes.toString('utf8')) as T;
      } catch {
        // Checksummed on disk, so only a writer bug gets here; a miss is still the right answer.
        stats.corrupt++;
        return undefined;
      }
    },
    setJson: (key, value) => set(key, JSON.stringify(value)),
    namespace: (name, childSalt = []) => createView(tiers, name, [...salt, ...childSalt]),
    fileState: tiers.fileState,
    disk,
    counters: stats,
    stats: () => finishCacheStats(stats),
    async flush() {
      await Promise.all([disk?.flush(), tiers.fileState?.save(), remote?.flush()]);
    },
    async close() {
      await remote?.flush();
      await disk?.flush();
      await tiers.fileState?.close();
      const asked = stats.hits + stats.misses + stats.writes;
      if (disk?.writable && asked > 0) {
        await addRunToLifetimeStats(disk.root, finishCacheStats(stats)).catch(() => undefined);
      }
    },
    prune: async (options) =>
      disk ? disk.prune(options) : { removed: 0, bytesRemoved: 0, remaining: 0, bytesRemaining: 0 },
    usage: async () => (disk ? disk.usage() : { entries: 0, bytes: 0, namespaces: {} }),
    clear: async (ns) => {
      memory.clear();
      return (await disk?.clear(ns)) ?? [];
    },
  };
  return view;
}
