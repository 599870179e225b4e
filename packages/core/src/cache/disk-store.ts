import fs from 'node:fs';
import path from 'node:path';
import { CACHE_FORMAT_VERSION, WARMBUILD_VERSION } from '../version.js';
import { writeFileAtomic } from '../internal/atomic-write.js';
import { sharedLimiter } from '../internal/limiter.js';
import { debug } from '../internal/debug.js';
import { errnoCode } from '../errors.js';
import type { Logger } from '../internal/logger.js';
import { decodeEntry, encodeEntry } from './entry-format.js';
import type { MutableCacheStats } from './cache-stats.js';
import { openPack, PACK_MAX_VALUE, type Pack } from './pack-store.js';
import { carriesOurMeta, foreignNamesIn, META_FILE, metaText } from './cache-dir.js';
import { createDiskMaintenance, type DiskUsage, type PruneOptions, type PruneResult } from './disk-maintenance.js';
import { describeWriteFailure } from './write-failure.js';

/**
 * The L2 tier: one file per entry under `<cacheDir>/v<format>/entries/<namespace>/<xx>/<key>`.
 * Each file is `WBC1 | u32 header length | header JSON | payload`; the header carries the
 * key, the namespace and a checksum of the payload, so a truncated, corrupt or misplaced
 * file is detected, removed and reported as a miss.
 */
const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const KEY_PATTERN = /^[a-f0-9]{16,128}$/;

export const DEFAULT_MAX_DISK_SIZE = 512 * 1024 * 1024;
export const DEFAULT_MAX_AGE = 14 * 24 * 60 * 60 * 1000;

export interface DiskStoreOptions {
  /** The cache directory (the versioned sub-directory is created inside it). */
  cacheDir: string;
  maxDiskSize?: number;
  maxAge?: number;
  logger: Logger;
  stats: MutableCacheStats;
}

export type { DiskUsage, PruneOptions, PruneResult } from './disk-maintenance.js';

export interface DiskStore {
  /** The versioned directory, `<cacheDir>/v1`. */
  readonly root: string;
  /** False once the directory proved unwritable; reads may still hit. */
  readonly writable: boolean;
  get(namespace: string, key: string): Promise<Buffer | undefined>;
  set(namespace: string, key: string, value: Uint8Array): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  /** Touch the entries used by this run so LRU eviction and `prune --unused` see them. */
  flush(): Promise<void>;
  flushSync(): void;
  prune(options?: PruneOptions): Promise<PruneResult>;
  usage(): Promise<DiskUsage>;
  /**
   * Remove one namespace, or everything warmbuild wrote in the versioned directory. The whole
   * clear refuses (WarmbuildError CACHE_DIR_FOREIGN) a directory without warmbuild's marker, and
   * leaves any name warmbuild did not write; those are returned.
   */
  clear(namespace?: string): Promise<string[]>;
  /** Record the start of a run, for `prune --unused`. */
  recordRunStart(startedAt: number): Promise<void>;
  lastRunStart(): Promise<number | undefined>;
}

export function assertNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new TypeError(`cache namespace must match ${NAMESPACE_PATTERN}, got ${JSON.stringify(namespace)}`);
  }
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

export function createDiskStore(options: DiskStoreOptions): DiskStore {
  const { logger, stats } = options;
  const maxDiskSize = options.maxDiskSize ?? DEFAULT_MAX_DISK_SIZE;
  const maxAge = options.maxAge ?? DEFAULT_MAX_AGE;
  const root = path.join(options.cacheDir, `v${CACHE_FORMAT_VERSION}`);
  const entriesDir = path.join(root, 'entries');
  const packsDir = path.join(root, 'packs');
  const packs = new Map<string, Pack>();

  function packFor(namespace: string): Pack {
    let pack = packs.get(namespace);
    if (!pack) {
      pack = openPack(packsDir, namespace, () => stats.corrupt++);
      stats.bytesRead += pack.loadedBytes;
      packs.set(namespace, pack);
    }
    return pack;
  }
  const used = new Set<string>();
  const knownDirs = new Set<string>();
  let writable = true;
  let prepared: Promise<boolean> | undefined;

  const entryPath = (namespace: string, key: string) => path.join(entriesDir, namespace, key.slice(0, 2), key);

  function disable(error: unknown, doing: string): void {
    if (!writable) return;
    writable = false;
    stats.diskEnabled = false;
    logger.warn(
      `cache directory ${options.cacheDir} is not writable (${describeWriteFailure(error, options.cacheDir)} while ${doing}); ` +
        'this run goes on without the disk cache. Fix the permissions or free space, or set cacheDir / --cache-dir elsewhere.',
    );
  }

  async function prepare(): Promise<boolean> {
    // The marker is read once: it decides both whether the directory is ours and whether to (re)write it.
    const marked = carriesOurMeta(root);
    const foreign = foreignNamesIn(root, marked);
    if (foreign.length > 0) {
      // Adopting it would let a later `cache clear` delete what someone else put there.
      writable = false;
      stats.diskEnabled = false;
      logger.warn(
        `cache directory ${options.cacheDir} holds ${path.join(root, foreign[0])}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ''}, ` +
          `which warmbuild did not write, and no warmbuild marker (${META_FILE}); this run goes on without the disk cache. ` +
          'Point cacheDir / --cache-dir at a directory of its own.',
      );
      return false;
    }
    try {
      await fs.promises.mkdir(entriesDir, { recursive: true });
      await noteNewerFormats();
      if (!marked) await writeFileAtomic(path.join(root, META_FILE), metaText());
      return true;
    } catch (error) {
      disable(error, 'creating it');
      return false;
    }
  }

  async function noteNewerFormats(): Promise<void> {
    const names = await fs.promises.readdir(options.cacheDir).catch(() => [] as string[]);
    const newer = names.filter((name) => /^v\d+$/.test(name) && Number(name.slice(1)) > CACHE_FORMAT_VERSION);
    if (newer.length > 0) {
      logger.warn(
        `cache directory ${options.cacheDir} also holds ${newer.join(', ')}, written by a newer warmbuild; ` +
          `this version ${WARMBUILD_VERSION} keeps its own v${CACHE_FORMAT_VERSION} beside it and touches nothing else.`,
      );
    }
  }

  function ensurePrepared(): Promise<boolean> {
    prepared ??= prepare();
    return prepared;
  }

  async function removeCorrupt(file: string, reason: string): Promise<void> {
    stats.corrupt++;
    debug('disk', `removing ${file}: ${reason}`);
    await fs.promises.rm(file, { force: true }).catch(() => undefined);
  }

  async function get(namespace: string, key: string): Promise<Buffer | undefined> {
    const packed = packFor(namespace).get(key);
    if (packed) return packed;
    const file = entryPath(namespace, key);
    let bytes: Buffer;
    try {
      bytes = await sharedLimiter()(() => fs.promises.readFile(file));
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') debug('disk', `read ${file} failed: ${code}`);
      return undefined;
    }
    const decoded = decodeEntry(bytes, namespace, key);
    if (typeof decoded === 'string') {
      await removeCorrupt(file, decoded);
      return undefined;
    }
    used.add(file);
    stats.bytesRead += bytes.length;
    return decoded;
  }

  async function set(namespace: string, key: string, value: Uint8Array): Promise<boolean> {
    assertNamespace(namespace);
    if (!KEY_PATTERN.test(key)) throw new TypeError(`cache key must be a hex digest, got ${JSON.stringify(key)}`);
    if (!(await ensurePrepared()) || !writable) return false;
    if (
      value.byteLength <= PACK_MAX_VALUE &&
      packFor(namespace).put(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength))
    ) {
      stats.bytesWritten += value.byteLength;
      pendingBytes += value.byteLength;
      return true;
    }
    const file = entryPath(namespace, key);
    const dir = path.dirname(file);
    const bytes = encodeEntry(namespace, key, value);
    try {
      await sharedLimiter()(async () => {
        if (!knownDirs.has(dir)) {
          await fs.promises.mkdir(dir, { recursive: true });
          knownDirs.add(dir);
        }
        await writeFileAtomic(file, bytes);
      });
    } catch (error) {
      if (UNWRITABLE.has(errnoCode(error) ?? '')) {
        disable(error, `writing ${path.relative(options.cacheDir, file)}`);
        return false;
      }
      throw error;
    }
    stats.bytesWritten += bytes.length;
    used.delete(file);
    pendingBytes += bytes.length;
    return true;
  }

  let pendingBytes = 0;

  async function touchUsed(): Promise<void> {
    const now = new Date();
    const files = [...used];
    used.clear();
    await Promise.all(
      files.map((file) => sharedLimiter()(() => fs.promises.utimes(file, now, now).catch(() => undefined))),
    );
  }

  async function flushPacks(): Promise<void> {
    for (const pack of packs.values()) {
      try {
        await pack.flush();
      } catch (error) {
        if (!UNWRITABLE.has(errnoCode(error) ?? '')) throw error;
        disable(error, `writing ${path.relative(options.cacheDir, pack.file)}`);
      }
    }
  }

  async function flush(): Promise<void> {
    if (writable) await flushPacks();
    if (writable) await touchUsed();
    if (pendingBytes > 0 && writable) {
      const usagePath = path.join(root, 'usage.json');
      const previous = await readUsageEstimate(usagePath);
      const estimate = previous + pendingBytes;
      pendingBytes = 0;
      if (estimate > maxDiskSize) {
        const result = await prune();
        stats.evictions += result.removed;
      } else {
        await writeFileAtomic(usagePath, JSON.stringify({ bytes: estimate })).catch(() => undefined);
      }
    }
  }

  function flushSync(): void {
    if (!writable) return;
    for (const pack of packs.values()) {
      try {
        pack.flushSync();
      } catch {
        // exiting: the entries being written at this instant are all an interruption may lose
      }
    }
    const now = new Date();
    for (const file of used) {
      try {
        fs.utimesSync(file, now, now);
      } catch {
        // entry removed meanwhile by a prune in another process: nothing to mark
      }
    }
    used.clear();
  }

  async function recordRunStart(startedAt: number): Promise<void> {
    if (!(await ensurePrepared())) return;
    await writeFileAtomic(path.join(root, 'last-run.json'), JSON.stringify({ startedAt })).catch((error) =>
      disable(error, 'recording the run'),
    );
  }

  async function lastRunStart(): Promise<number | undefined> {
    const text = await fs.promises.readFile(path.join(root, 'last-run.json'), 'utf8').catch(() => undefined);
    if (!text) return undefined;
    try {
      const value = (JSON.parse(text) as { startedAt?: unknown }).startedAt;
      return typeof value === 'number' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  const maintenance = createDiskMaintenance({
    cacheDir: options.cacheDir,
    root,
    entriesDir,
    packsDir,
    maxAge,
    maxDiskSize,
    get writable() {
      return writable;
    },
    packFor,
    flushPacks,
    touchUsed,
    forget(namespace) {
      knownDirs.clear();
      if (namespace) {
        packs.delete(namespace);
        return;
      }
      packs.clear();
      prepared = undefined;
    },
    assertNamespace,
  });
  const { prune, usage, clear } = maintenance;

  return {
    root,
    get writable() {
      return writable;
    },
    get,
    set,
    delete: async (namespace, key) => {
      await fs.promises.rm(entryPath(namespace, key), { force: true });
    },
    flush,
    flushSync,
    prune,
    usage,
    clear,
    recordRunStart,
    lastRunStart,
  };
}

async function readUsageEstimate(file: string): Promise<number> {
  try {
    const value = (JSON.parse(await fs.promises.readFile(file, 'utf8')) as { bytes?: unknown }).bytes;
    return typeof value === 'number' && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}
