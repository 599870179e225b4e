import pLimit from 'p-limit';
import type { RemoteTier } from '../content-cache.js';
import { emptyCacheStats, type MutableCacheStats } from '../cache-stats.js';
import { sharedLimiter } from '../../internal/limiter.js';
import { debug } from '../../internal/debug.js';
import { stderrLogger, type Logger } from '../../internal/logger.js';
import { WarmbuildError } from '../../errors.js';
import type { RemoteCacheOptions } from '../../types.js';
import { resolveRemoteConfig, teamQuery, type RemoteConfig } from './config.js';
import { artifactId, decodeArtifact, verifyArtifact } from './artifact.js';
import {
  ARCHIVE_NAMESPACE,
  MAX_ARCHIVE_BYTES,
  archiveArtifactId,
  createRunArchive,
  decodeArchive,
  type ArchiveEntry,
  type RunArchive,
} from './archive.js';
import { createHttpClient, RemoteRequestError, type HttpResponse, type RequestOptions } from './http-client.js';
import { mayRead, warnUnsigned } from './trust.js';
import { createRemoteUploads } from './uploads.js';

/**
 * After this many per-entry misses in a row with no hit at all in the run, the server evidently
 * knows nothing of this state of the repository (a new commit on the first machine, changed
 * options): the run stops asking entry by entry, and stops paying a round trip per entry.
 */
const MISS_STREAK_LIMIT = 64;

type RemoteCounter =
  | 'remoteMisses'
  | 'remoteErrors'
  | 'remoteRejected'
  | 'remoteUploads'
  | 'remoteBytesUp'
  | 'remoteBytesDown';
const REMOTE_COUNTERS: readonly RemoteCounter[] = [
  'remoteMisses',
  'remoteErrors',
  'remoteRejected',
  'remoteUploads',
  'remoteBytesUp',
  'remoteBytesDown',
];

export interface CreateRemoteTierOptions extends RemoteCacheOptions {
  /** Where the one failure warning goes. @default stderr */
  logger?: Logger;
  /** Counters to add to (a content cache's `counters`); @default a private set */
  stats?: MutableCacheStats;
  /** Environment to read WARMBUILD_REMOTE_* from. @default process.env */
  env?: Record<string, string | undefined>;
}

/** The remote tier plus what callers beyond the content cache need. */
export interface RemoteCacheTier extends RemoteTier {
  readonly config: RemoteConfig;
  /**
   * `get` for callers with their own idea of when lookups stop paying (the transform cache's miss
   * streak): `worthAsking` is asked again when the request leaves the queue.
   */
  get(namespace: string, key: string, worthAsking?: () => boolean): Promise<Buffer | undefined>;
  /** Whether the server holds the entry (HEAD); undefined when it could not be asked. */
  has(namespace: string, key: string): Promise<boolean | undefined>;
  /** Count into these stats from now on (the content cache's counters), carrying over what was counted so far. */
  attachStats(stats: MutableCacheStats): void;
  /** Whether reads / uploads are still on (a failure turns them off for the rest of the process). */
  readonly state: { reads: boolean; writes: boolean };
  /** Flush, then drop the kept-alive sockets. */
  close(): Promise<void>;
  /**
   * An archive other than the run's (the transform cache's build archives): its entries by
   * `namespace\0key`, `'missing'` when the server has none, undefined when it could not be had.
   */
  getArchive(archiveKey: string): Promise<Map<string, Buffer> | 'missing' | undefined>;
  /** Whether the server holds that archive (HEAD); undefined when it could not be asked. */
  hasArchive(archiveKey: string): Promise<boolean | undefined>;
  /** Upload an archive in the background; `flush()` awaits it. Skipped past the size limits. */
  putArchive(archiveKey: string, entries: Iterable<ArchiveEntry>): void;
  /** HTTP requests sent so far (redirects followed count once). */
  readonly requests: number;
}

/**
 * Shared remote cache tier over the Turborepo Remote Cache API (`/v8/artifacts/:hash`).
 * Reads are asked after a disk miss; a verified artifact is a hit, anything else a miss.
 * Uploads queue up, go in batches through the process-wide I/O limiter with their own
 * concurrency bound, and are awaited by `flush()`. The first failure (server down, timeout,
 * 401/403, 5xx) warns once and turns the tier off so the build goes on with the local cache.
 */
export function createRemoteTier(options: CreateRemoteTierOptions): RemoteCacheTier {
  const config = resolveRemoteConfig(options, options.env);
  if (!config) {
    throw new WarmbuildError('OPTION_INVALID', 'the remote cache tier needs a URL', {
      hint: 'set remote.url or WARMBUILD_REMOTE_URL to the server address',
    });
  }
  return remoteTierFromConfig(config, options.logger ?? stderrLogger, options.stats);
}

/** The tier described by `options.remote` and the environment, or undefined when none is configured. */
export function remoteTierFromOptions(
  remote: RemoteCacheOptions | false | undefined,
  extras: { logger?: Logger; env?: Record<string, string | undefined> } = {},
): RemoteCacheTier | undefined {
  const config = resolveRemoteConfig(remote, extras.env);
  return config ? remoteTierFromConfig(config, extras.logger ?? stderrLogger) : undefined;
}

/** The tier for settings already resolved (resolveRemoteConfig), for a caller that needed them first. */
export function remoteTierFromConfig(
  config: RemoteConfig,
  logger: Logger,
  initialStats?: MutableCacheStats,
): RemoteCacheTier {
  let stats = initialStats ?? emptyCacheStats();
  const client = createHttpClient({
    timeout: config.timeout,
    maxSockets: config.concurrency,
    maxBodyBytes: config.maxArtifactSize,
  });
  const limit = pLimit(config.concurrency);
  const state = { reads: true, writes: !config.readOnly };
  const warned = new Set<string>();
  let requests = 0;
  const knownMissing = new Set<string>();
  let run: RunArchive | undefined;
  const where = `${config.url.origin}${config.url.pathname}`;
  const baseHeaders: Record<string, string> = { 'user-agent': 'warmbuild' };
  if (config.token) baseHeaders.authorization = `Bearer ${config.token}`;

  warnUnsigned(config, logger, 'start');

  const artifactUrl = (id: string) =>
    new URL(`${config.url.href.replace(/\/+$/, '')}/v8/artifacts/${id}${teamQuery(config.team)}`);

  function warnOnce(category: string, message: string): void {
    if (warned.has(category)) return;
    warned.add(category);
    logger.warn(message);
  }

  /** Server or network trouble: one warning, then the tier is off for reads and writes. */
  function giveUp(reason: string): void {
    stats.remoteErrors++;
    const wasOn = state.reads || state.writes;
    state.reads = false;
    state.writes = false;
    uploads.clear();
    if (wasOn) {
      warnOnce(
        'unavailable',
        `remote cache ${where} is unusable (${reason}); this run goes on with the local cache only. ` +
          'Check WARMBUILD_REMOTE_URL / WARMBUILD_REMOTE_TOKEN / WARMBUILD_REMOTE_TEAM, or unset WARMBUILD_REMOTE_URL to silence this.',
      );
    }
  }

  function describeStatus(response: HttpResponse): string {
    if (response.status === 401 || response.status === 403) return `HTTP ${response.status}: the token was refused`;
    return `HTTP ${response.status}`;
  }

  // Requests still queued when the tier turns off are dropped, not sent: undefined.
  const send = (url: URL, request: RequestOptions, gate: 'reads' | 'writes' | (() => boolean)) => {
    const open = typeof gate === 'function' ? gate : () => state[gate];
    return limit(() =>
      open()
        ? sharedLimiter()(() => {
            if (!open()) return undefined;
            requests++;
            return client.request(url, request);
          })
        : undefined,
    );
  };
  const lookupsWorthIt = () => state.reads && !(run && run.hits === 0 && run.missStreak >= MISS_STREAK_LIMIT);

  const remember = (namespace: string, key: string, value: Buffer) => run?.remember(namespace, key, value);

  /** The run's own archive, else the latest archive of its repository line; entries by `namespace\0key`. */
  async function fetchArchive(current: RunArchive): Promise<Map<string, Buffer> | undefined> {
    const own = await fetchArchiveArtifact(current.id, current.key);
    if (own !== 'missing') return own;
    if (!current.lineId || !current.lineKey) return undefined;
    const line = await fetchArchiveArtifact(current.lineId, `line:${current.lineKey}`);
    return line === 'missing' ? undefined : line;
  }

  async function fetchArchiveArtifact(
    id: string,
    headerKey: string,
  ): Promise<Map<string, Buffer> | undefined | 'missing'> {
    let response: HttpResponse | undefined;
    try {
      response = await send(artifactUrl(id), { method: 'GET', headers: baseHeaders }, 'reads');
    } catch (error) {
      return onRequestError(error, 'archive download');
    }
    if (!response) return undefined;
    if (response.status === 404) return 'missing';
    if (response.status !== 200) {
      giveUp(describeStatus(response));
      return undefined;
    }
    stats.remoteBytesDown += response.body.length;
    const payload = await verifiedPayload(id, ARCHIVE_NAMESPACE, headerKey, response);
    if (typeof payload === 'string') return reject(id, payload, false);
    return decodeArchive(payload) ?? reject(id, 'malformed archive', false);
  }

  /** The payload of a downloaded artifact, or why it is refused (signature, then checksum). */
  async function verifiedPayload(
    id: string,
    namespace: string,
    key: string,
    response: HttpResponse,
  ): Promise<Buffer | string> {
    if (config.signatureKey) {
      const tag = response.headers['x-artifact-tag'];
      if (!verifyArtifact(config.signatureKey, id, config.team, response.body, Array.isArray(tag) ? tag[0] : tag)) {
        return tag ? 'signature mismatch' : 'no x-artifact-tag signature';
      }
    }
    return decodeArtifact(response.body, namespace, key, config.maxArtifactSize);
  }

  async function get(namespace: string, key: string, worthAsking?: () => boolean): Promise<Buffer | undefined> {
    if (!state.reads) return undefined;
    if (!mayRead(config, namespace)) {
      warnUnsigned(config, logger, 'transform-skipped');
      return undefined;
    }
    if (run) {
      // The first disk miss of a run asks for the run's archive; the other lookups share that one request.
      const current = run;
      current.fetched ??= fetchArchive(current);
      const fromArchive = (await current.fetched)?.get(`${namespace}\0${key}`);
      if (fromArchive) {
        current.hits++;
        remember(namespace, key, fromArchive);
        return fromArchive;
      }
      if (!lookupsWorthIt()) return undefined;
    }
    const id = artifactId(namespace, key);
    const current = run;
    let response: HttpResponse;
    try {
      // Asked again when the request leaves the queue: lookups queued behind a streak of misses are dropped.
      const answer = await send(
        artifactUrl(id),
        { method: 'GET', headers: baseHeaders },
        () => lookupsWorthIt() && (worthAsking?.() ?? true),
      );
      if (!answer) return undefined;
      response = answer;
    } catch (error) {
      return onRequestError(error, 'download');
    }
    if (response.status === 404) {
      stats.remoteMisses++;
      knownMissing.add(id);
      if (current) current.missStreak++;
      return undefined;
    }
    if (response.status !== 200) {
      giveUp(describeStatus(response));
      return undefined;
    }
    stats.remoteBytesDown += response.body.length;
    const decoded = await verifiedPayload(id, namespace, key, response);
    if (typeof decoded === 'string') return reject(id, decoded);
    if (current) {
      current.hits++;
      current.missStreak = 0;
    }
    remember(namespace, key, decoded);
    return decoded;
  }

  function reject(id: string, reason: string, lookup = true): undefined {
    stats.remoteRejected++;
    if (lookup) stats.remoteMisses++;
    debug('remote', `artifact ${id} refused: ${reason}`);
    warnOnce(
      'rejected',
      `remote cache ${where} served an artifact that failed verification (${reason}); it is treated as a miss. ` +
        'If this repeats, check that every machine uses the same WARMBUILD_REMOTE_SIGNATURE_KEY.',
    );
    return undefined;
  }

  function onRequestError(error: unknown, doing: string): undefined {
    if (error instanceof RemoteRequestError && error.kind === 'oversize') {
      // A hostile or broken server, or an artifact from a machine with a larger limit: this one is
      // a miss, the next may be fine.
      stats.remoteRejected++;
      stats.remoteMisses++;
      warnOnce('oversize', `remote cache ${where}: a ${doing} was refused (${error.message}); treated as a miss.`);
      return undefined;
    }
    if (error instanceof RemoteRequestError && error.kind === 'truncated') {
      // One short body says nothing about the next request: count it, warn once, keep going.
      stats.remoteErrors++;
      warnOnce('truncated', `remote cache ${where}: a ${doing} was cut short (${error.message}); treated as a miss.`);
      return undefined;
    }
    giveUp(error instanceof Error ? error.message : String(error));
    return undefined;
  }

  const has = (namespace: string, key: string) => hasId(artifactId(namespace, key));

  async function hasId(id: string): Promise<boolean | undefined> {
    if (!state.reads) return undefined;
    try {
      const response = await send(artifactUrl(id), { method: 'HEAD', headers: baseHeaders }, 'reads');
      if (!response) return undefined;
      if (response.status === 200) return true;
      if (response.status === 404) return false;
      giveUp(describeStatus(response));
    } catch (error) {
      onRequestError(error, 'lookup');
    }
    return undefined;
  }

  const uploads = createRemoteUploads({
    config,
    state,
    stats: () => stats,
    send,
    artifactUrl,
    baseHeaders,
    knownMissing,
    has,
    run: () => run,
    onRequestError,
    giveUp,
    describeStatus,
    warnOnce,
    where,
  });

  function put(namespace: string, key: string, value: Buffer): void {
    if (run) {
      remember(namespace, key, value);
      run.wrote = true;
    }
    uploads.enqueue(namespace, key, value);
  }

  return {
    config,
    state,
    get,
    put,
    has,
    flush: uploads.flush,
    observe: remember,
    startRun(runKey, lineKey) {
      if (run?.key !== runKey || run.lineKey !== lineKey)
        run = createRunArchive(runKey, lineKey, Math.min(MAX_ARCHIVE_BYTES, config.maxArtifactSize));
    },
    attachStats(target) {
      for (const name of REMOTE_COUNTERS) target[name] += stats[name];
      stats = target;
    },
    async close() {
      await uploads.flush();
      client.close();
    },
    getArchive: (archiveKey) =>
      state.reads ? fetchArchiveArtifact(archiveArtifactId(archiveKey), archiveKey) : Promise.resolve(undefined),
    hasArchive: (archiveKey) => hasId(archiveArtifactId(archiveKey)),
    putArchive: uploads.putArchive,
    get requests() {
      return requests;
    },
  };
}
