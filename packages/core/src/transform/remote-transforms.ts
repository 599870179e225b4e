import type { ContentCache, RemoteTier } from '../cache/content-cache.js';
import { hashParts } from '../cache/hash.js';
import { lineArchiveKey } from '../cache/remote/archive.js';
import { resolveRemoteConfig } from '../cache/remote/config.js';
import { remoteTierFromConfig, type RemoteCacheTier } from '../cache/remote/remote-tier.js';
import { mayRead } from '../cache/remote/trust.js';
import type { Logger } from '../internal/logger.js';
import type { RemoteCacheOptions } from '../types.js';
import { CACHE_FORMAT_VERSION, WARMBUILD_VERSION } from '../version.js';
import { flushOnInterrupt } from './interrupt-flush.js';

/** The content cache namespace of transform results: the only one this tier carries. */
const NAMESPACE = 'transform';
/** Where the last build's archive key is kept, per line, on this machine's disk only. */
export const BUILD_RECORD_NAMESPACE = 'transform-build';
/**
 * After this many per-entry misses with nothing found for the build (no archive, no entry), the
 * server evidently knows nothing of this code: the build stops paying a round trip per module.
 */
const MISS_STREAK_LIMIT = 32;

// One tier per server settings for the whole process: every cached() plugin (and every build of
// a watch or dev session) shares its sockets, its request limit and its one-warning rule. Its
// warnings go to the logger of the latest build that asked for it (Vite's, when there is one).
const tiers = new Map<string, { tier: RemoteCacheTier; logger: { current: Logger } }>();

/** The shared tier for `cached()`'s `remote` option and the environment, or undefined when none is configured. */
export function transformRemoteTier(
  remote: RemoteCacheOptions | false | undefined,
  logger: Logger,
): RemoteCacheTier | undefined {
  const config = resolveRemoteConfig(remote);
  if (!config) return undefined;
  const id = JSON.stringify({ ...config, url: config.url.href });
  let shared = tiers.get(id);
  if (!shared) {
    const relay = { current: logger };
    const forward: Logger = {
      warn: (message) => relay.current.warn(message),
      info: (message) => (relay.current.info ?? relay.current.warn)(message),
    };
    shared = { tier: remoteTierFromConfig(config, forward), logger: relay };
    tiers.set(id, shared);
  }
  shared.logger.current = logger;
  return shared.tier;
}

interface BuildRecord {
  /** The build's archive key; the field keeps its first name, as records on disk spell it. */
  bundle: string;
}

interface Build {
  lineKey: string;
  /** The archives fetched for this build: the last build's own, else the line's latest. */
  fetched: Promise<{ entries: Map<string, Buffer>; key: string } | undefined> | undefined;
  /** Every entry the build used, wherever it came from: the next archive. */
  used: Map<string, Buffer>;
  /** Something was computed here: the line's latest archive is behind. */
  wrote: boolean;
  found: number;
  missStreak: number;
}

/**
 * The remote tier of one wrapped plugin's transform cache. Request pattern of a build:
 * 1. on the first disk miss, the *build archive* of the last build of this line on this machine
 *    (keyed by the plugin's salt and the set of (id, code hash) pairs that build asked for), and
 *    if the server lacks it, the line's latest archive: one or two requests before the first
 *    transform is served;
 * 2. what those archives lack, one request per module, concurrently within the tier's limit
 *    (stopped after a streak of misses when nothing at all was found);
 * 3. uploads in the background: each new entry, then at the end of the build its archive under
 *    its own key and as the line's latest; flushed by closeBundle, or on SIGINT for `vite dev`.
 * Entries are code that ships: the tier only reads them with a valid signature (or
 * remote.allowUnsigned), and every entry is checked against its full key, salt included.
 */
export interface TransformRemote extends RemoteTier {
  /** A build begins: `salt` is everything the plugin's results depend on besides the module. */
  startBuild(root: string, salt: readonly unknown[], local: ContentCache): void;
  /** Record the build's archive key on this machine and queue the archive uploads (before the content cache's flush). */
  finishBuild(): Promise<void>;
  readonly tier: RemoteCacheTier;
}

export function createTransformRemote(tier: RemoteCacheTier): TransformRemote {
  let build: Build | undefined;
  let local: ContentCache | undefined;
  let unregister: (() => void) | undefined;
  const readable = () => tier.state.reads && mayRead(tier.config, NAMESPACE);

  const recordView = () => local?.namespace(BUILD_RECORD_NAMESPACE);

  async function fetchArchives(current: Build): Promise<{ entries: Map<string, Buffer>; key: string } | undefined> {
    const record = await recordView()?.getJson<BuildRecord>(current.lineKey);
    for (const key of [record?.bundle, `transform-line:${current.lineKey}`]) {
      if (!key || !tier.state.reads) continue;
      const entries = await tier.getArchive(key);
      if (entries && entries !== 'missing') return { entries, key };
    }
    return undefined;
  }

  function use(namespace: string, key: string, value: Buffer): void {
    if (namespace === NAMESPACE) build?.used.set(key, value);
  }

  async function get(namespace: string, key: string): Promise<Buffer | undefined> {
    const current = build;
    if (namespace !== NAMESPACE || !current) return undefined;
    // Without a signature key the tier refuses (and explains once): ask it, it sends nothing.
    if (!readable()) return tier.get(namespace, key);
    current.fetched ??= fetchArchives(current);
    const fromArchive = (await current.fetched)?.entries.get(`${namespace}\0${key}`);
    if (fromArchive) {
      current.found++;
      current.used.set(key, fromArchive);
      return fromArchive;
    }
    const worthAsking = () => current.found > 0 || current.missStreak < MISS_STREAK_LIMIT;
    if (!worthAsking()) return undefined;
    const value = await tier.get(namespace, key, worthAsking);
    if (!value) {
      current.missStreak++;
      return undefined;
    }
    current.found++;
    current.missStreak = 0;
    current.used.set(key, value);
    return value;
  }

  async function finishBuild(): Promise<void> {
    unregister?.();
    unregister = undefined;
    const current = build;
    if (!current || current.used.size === 0) return;
    build = { ...current, fetched: current.fetched, used: new Map(), wrote: false, found: 0, missStreak: 0 };
    const keys = [...current.used.keys()].sort();
    const archiveKey = `transform-build:${hashParts(['transform-build', current.lineKey, ...keys])}`;
    await recordView()?.setJson(current.lineKey, { bundle: archiveKey } satisfies BuildRecord);
    if (!tier.state.writes) return;
    const entries = [...current.used].map(([key, value]) => ({ namespace: NAMESPACE, key, value }));
    const fetchedKey = (await current.fetched)?.key;
    // Same set as an archive already there: nothing to send. Otherwise the exact archive goes up,
    // and, when this build computed something, the line's latest moves on to it.
    if (fetchedKey !== archiveKey && (current.wrote || (await tier.hasArchive(archiveKey)) === false))
      tier.putArchive(archiveKey, entries);
    if (current.wrote) tier.putArchive(`transform-line:${current.lineKey}`, entries);
  }

  return {
    tier,
    get,
    put(namespace, key, value) {
      if (namespace !== NAMESPACE) return;
      use(namespace, key, value);
      if (build) build.wrote = true;
      tier.put(namespace, key, value);
    },
    observe: use,
    flush: () => tier.flush(),
    startBuild(root, salt, cache) {
      local = cache;
      // The same project and plugin settings on any machine, whatever the commit.
      const lineKey = lineArchiveKey(root, [
        `transform:${hashParts([CACHE_FORMAT_VERSION, WARMBUILD_VERSION, JSON.stringify(salt)])}`,
      ]);
      // A watch rebuild or a dev session's next build keeps the archive it fetched.
      if (build?.lineKey !== lineKey)
        build = { lineKey, fetched: undefined, used: new Map(), wrote: false, found: 0, missStreak: 0 };
      // `vite dev` has no end of build: Ctrl-C is when its results get recorded and uploaded.
      // closeBundle (a build's end, server.close()) unregisters it.
      unregister ??= flushOnInterrupt(async () => {
        await finishBuild();
        await local?.flush();
      }, tier.config.timeout);
    },
    finishBuild,
  };
}
