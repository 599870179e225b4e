/** Machine-readable cache statistics; summed across namespaces for a run. */
export interface CacheStats {
  hits: number;
  memoryHits: number;
  diskHits: number;
  remoteHits: number;
  /** Remote tier lookups that found nothing (404), or found an artifact that failed verification. */
  remoteMisses: number;
  /** Remote requests that failed: down, timeout, 401/403, 5xx, truncated body. */
  remoteErrors: number;
  /** Downloaded artifacts refused by the checksum or signature check (counted as misses too). */
  remoteRejected: number;
  /** Artifacts uploaded to the remote tier. */
  remoteUploads: number;
  /** Bytes sent to / received from the remote tier (compressed artifact bodies). */
  remoteBytesUp: number;
  remoteBytesDown: number;
  misses: number;
  writes: number;
  /** Writes refused because the value held an absolute path of this machine. */
  refused: number;
  /** Entries dropped from memory or disk to stay within bounds. */
  evictions: number;
  /** Entries found corrupt, truncated or foreign and removed. */
  corrupt: number;
  bytesRead: number;
  bytesWritten: number;
  /** hits / (hits + misses), 0 when nothing was asked. */
  hitRate: number;
  /** Time spent inside cache operations, milliseconds. */
  timeMs: number;
  /** Files whose hash came from the file-state index (stat only, not read). */
  filesStatOnly: number;
  /** Files read and hashed. */
  filesHashed: number;
  /** Peak resident set size of the process, bytes. */
  peakRssBytes: number;
  /** Whether the disk tier was usable for the whole run. */
  diskEnabled: boolean;
}

export type MutableCacheStats = Omit<CacheStats, 'hitRate' | 'peakRssBytes'>;

export function emptyCacheStats(): MutableCacheStats {
  return {
    hits: 0,
    memoryHits: 0,
    diskHits: 0,
    remoteHits: 0,
    remoteMisses: 0,
    remoteErrors: 0,
    remoteRejected: 0,
    remoteUploads: 0,
    remoteBytesUp: 0,
    remoteBytesDown: 0,
    misses: 0,
    writes: 0,
    refused: 0,
    evictions: 0,
    corrupt: 0,
    bytesRead: 0,
    bytesWritten: 0,
    timeMs: 0,
    filesStatOnly: 0,
    filesHashed: 0,
    diskEnabled: true,
  };
}

export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function finishCacheStats(stats: MutableCacheStats): CacheStats {
  const asked = stats.hits + stats.misses;
  return {
    ...stats,
    timeMs: Math.round(stats.timeMs * 100) / 100,
    hitRate: asked === 0 ? 0 : Math.round((stats.hits / asked) * 10_000) / 10_000,
    peakRssBytes: peakRssBytes(),
  };
}
