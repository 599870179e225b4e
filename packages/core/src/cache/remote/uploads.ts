import type { MutableCacheStats } from '../cache-stats.js';
import { debug } from '../../internal/debug.js';
import type { RemoteConfig } from './config.js';
import { artifactId, encodeArtifact, signArtifact } from './artifact.js';
import {
  ARCHIVE_NAMESPACE,
  MAX_ARCHIVE_BYTES,
  archiveArtifactId,
  encodeArchive,
  type ArchiveEntry,
  type RunArchive,
} from './archive.js';
import type { HttpResponse, RequestOptions } from './http-client.js';
import { createUploadQueue } from './upload-queue.js';

/** Compressed artifacts above this size are only uploaded after a HEAD says the server lacks them. */
const HEAD_BEFORE_PUT_BYTES = 32 * 1024;

/** What the upload side shares with the rest of the remote tier (remote-tier.ts). */
export interface UploadContext {
  config: RemoteConfig;
  /** Reads / uploads still on; uploads stop when `writes` turns off. */
  state: { reads: boolean; writes: boolean };
  /** The counters to add to now (they move when the tier is attached to a content cache). */
  stats(): MutableCacheStats;
  /** A request through the tier's limits; undefined when the gate closed before it left the queue. */
  send(url: URL, request: RequestOptions, gate: 'writes'): Promise<HttpResponse | undefined>;
  artifactUrl(id: string): URL;
  baseHeaders: Record<string, string>;
  /** Artifact ids a lookup found missing this run: uploaded without asking (HEAD) first. */
  knownMissing: ReadonlySet<string>;
  /** Whether the server holds the entry (HEAD). */
  has(namespace: string, key: string): Promise<boolean | undefined>;
  /** The run's archive, when a run started. */
  run(): RunArchive | undefined;
  onRequestError(error: unknown, doing: string): undefined;
  /** Server trouble: warn once and turn the tier off. */
  giveUp(reason: string): void;
  describeStatus(response: HttpResponse): string;
  warnOnce(category: string, message: string): void;
  /** The server address, for messages. */
  where: string;
}

/** The write half of the remote tier: entries and archives uploaded in the background, awaited by `flush()`. */
export interface RemoteUploads {
  /** Queue an entry (once per artifact id per process). */
  enqueue(namespace: string, key: string, value: Buffer): void;
  /** Upload an archive in the background. Skipped past the size limits. */
  putArchive(archiveKey: string, entries: Iterable<ArchiveEntry>): void;
  /** Send what is queued (and the run's archive, when the run wrote entries) and wait for every upload. */
  flush(): Promise<void>;
  /** Drop what is queued and not yet sent (writes turned off). */
  clear(): void;
}

export function createRemoteUploads(tier: UploadContext): RemoteUploads {
  const { config, state } = tier;
  const sent = new Set<string>();
  const queue = createUploadQueue({
    batchSize: config.batchSize,
    upload: (entry) => upload(entry),
    onError: () => tier.stats().remoteErrors++,
  });

  async function upload(entry: ArchiveEntry): Promise<void> {
    if (!state.writes) return;
    const id = artifactId(entry.namespace, entry.key);
    const started = performance.now();
    const body = await encodeArtifact(entry.namespace, entry.key, entry.value);
    if (tooLarge(id, body)) return;
    if (
      body.length >= HEAD_BEFORE_PUT_BYTES &&
      !tier.knownMissing.has(id) &&
      (await tier.has(entry.namespace, entry.key))
    )
      return;
    await putArtifact(id, body, started);
  }

  async function uploadArchive(current: RunArchive): Promise<void> {
    if (!state.writes || current.capped || current.entries.size === 0) return;
    const started = performance.now();
    const payload = encodeArchive(current.entries.values());
    if (payload.length > config.maxArtifactSize) return;
    await putArtifact(current.id, await encodeArtifact(ARCHIVE_NAMESPACE, current.key, payload), started);
    // The same entries become the latest archive of the line (overwritten by each run that computed something).
    if (current.lineId && current.lineKey) {
      await putArtifact(
        current.lineId,
        await encodeArtifact(ARCHIVE_NAMESPACE, `line:${current.lineKey}`, payload),
        started,
      );
    }
  }

  async function putArchive(archiveKey: string, entries: Iterable<ArchiveEntry>): Promise<void> {
    if (!state.writes) return;
    const started = performance.now();
    const payload = encodeArchive(entries);
    if (payload.length > Math.min(MAX_ARCHIVE_BYTES, config.maxArtifactSize)) return;
    await putArtifact(
      archiveArtifactId(archiveKey),
      await encodeArtifact(ARCHIVE_NAMESPACE, archiveKey, payload),
      started,
    );
  }

  /** Other machines would refuse it (same limit): not worth the upload. */
  function tooLarge(id: string, body: Buffer): boolean {
    if (body.length <= config.maxArtifactSize) return false;
    debug('remote', `artifact ${id} (${body.length} bytes) is over remote.maxArtifactSize, not uploaded`);
    return true;
  }

  async function putArtifact(id: string, body: Buffer, started: number): Promise<void> {
    if (!state.writes || tooLarge(id, body)) return;
    const headers: Record<string, string> = {
      ...tier.baseHeaders,
      'content-type': 'application/octet-stream',
      'x-artifact-duration': String(Math.max(1, Math.round(performance.now() - started))),
    };
    if (config.signatureKey) headers['x-artifact-tag'] = signArtifact(config.signatureKey, id, config.team, body);
    let response: HttpResponse;
    try {
      const answer = await tier.send(tier.artifactUrl(id), { method: 'PUT', headers, body }, 'writes');
      if (!answer) return;
      response = answer;
    } catch (error) {
      tier.onRequestError(error, 'upload');
      return;
    }
    const stats = tier.stats();
    if (response.status >= 200 && response.status < 300) {
      stats.remoteUploads++;
      stats.remoteBytesUp += body.length;
      return;
    }
    if (response.status === 401 || response.status === 403) {
      // Reads may still work (a read-only token, a READ_ONLY server): stop uploading only.
      stats.remoteErrors++;
      state.writes = false;
      queue.clear();
      tier.warnOnce(
        'upload-refused',
        `remote cache ${tier.where} refused an upload (HTTP ${response.status}): the token may be read-only or the server read-only. ` +
          'Downloads go on; set WARMBUILD_REMOTE_READ_ONLY=1 (remote.readOnly) to stop trying to upload.',
      );
      return;
    }
    if (response.status === 413) {
      stats.remoteErrors++;
      debug('remote', `artifact ${id} (${body.length} bytes) is over the server's body limit`);
      return;
    }
    tier.giveUp(tier.describeStatus(response));
  }

  return {
    enqueue(namespace, key, value) {
      if (!state.writes) return;
      const id = artifactId(namespace, key);
      if (sent.has(id)) return;
      sent.add(id);
      queue.push({ namespace, key, value });
    },
    putArchive(archiveKey, entries) {
      if (state.writes) queue.track(putArchive(archiveKey, entries));
    },
    async flush() {
      queue.dispatch();
      const run = tier.run();
      if (run?.wrote && state.writes) {
        run.wrote = false;
        queue.track(uploadArchive(run));
      }
      await queue.drain();
    },
    clear: () => queue.clear(),
  };
}
