import fs from 'node:fs';
import path from 'node:path';
import { hashContent, hashParts } from '../hash.js';
import { CACHE_FORMAT_VERSION, WARMBUILD_VERSION } from '../../version.js';

/**
 * A run archive: every entry a run used, in one artifact keyed by the run's file set. A second
 * machine on the same commit fetches it with one request instead of one per entry; per-entry
 * artifacts stay the fallback for partial reuse (another commit, another rule selection).
 *
 * Payload: `u32 count`, then per entry `u16 namespace length | namespace | u16 key length | key |
 * u32 value length | value`. The artifact around it carries the checksum and signature.
 */
export interface ArchiveEntry {
  namespace: string;
  key: string;
  value: Buffer;
}

/** A run that used more than this (uncompressed) gets no archive; per-entry artifacts still serve it. */
export const MAX_ARCHIVE_BYTES = 32 * 1024 * 1024;

/** What the remote tier knows about the current run: the entries it used and how lookups went. */
export interface RunArchive {
  readonly key: string;
  /** Artifact id of the archive on the server. */
  readonly id: string;
  /** The repository line (see lineArchiveKey) and the id of its latest archive, when known. */
  readonly lineKey: string | undefined;
  readonly lineId: string | undefined;
  /** Entries found on the remote this run, and per-entry misses since the last hit. */
  hits: number;
  missStreak: number;
  /** Something new was computed: the archive on the server (if any) is incomplete. */
  wrote: boolean;
  /** The server's archive for this run, fetched once on the first disk miss. */
  fetched: Promise<Map<string, Buffer> | undefined> | undefined;
  /** Over MAX_ARCHIVE_BYTES: no archive for this run. */
  readonly capped: boolean;
  readonly entries: ReadonlyMap<string, ArchiveEntry>;
  remember(namespace: string, key: string, value: Buffer): void;
}

export function createRunArchive(runKey: string, lineKey?: string, maxBytes = MAX_ARCHIVE_BYTES): RunArchive {
  const entries = new Map<string, ArchiveEntry>();
  let bytes = 0;
  let capped = false;
  return {
    key: runKey,
    id: archiveArtifactId(runKey),
    lineKey,
    lineId: lineKey === undefined ? undefined : hashContent(`warmbuild-line\0${lineKey}`),
    hits: 0,
    missStreak: 0,
    wrote: false,
    fetched: undefined,
    get capped() {
      return capped;
    },
    entries,
    remember(namespace, key, value) {
      const name = `${namespace}\0${key}`;
      if (capped || entries.has(name)) return;
      bytes += value.length + name.length;
      if (bytes > maxBytes) {
        capped = true;
        entries.clear();
        return;
      }
      entries.set(name, { namespace, key, value });
    },
  };
}

/**
 * Header namespace of archive artifacts; not a valid cache namespace, so never confused with one.
 * It and the artifact id's salt keep their first name ('bundle'): archives already on a server
 * carry them, and a new value would turn every one into a miss.
 */
export const ARCHIVE_NAMESPACE = '#bundle';

export function archiveArtifactId(runKey: string): string {
  return hashContent(`warmbuild-bundle\0${runKey}`);
}

/** The key both machines compute for the same files, contents and rule selection. */
export function runArchiveKey(
  files: readonly { path: string; hash?: string; status: string }[],
  rules: Iterable<string> | undefined,
): string {
  const parts = files.map((file) => `${file.path}\0${file.hash ?? file.status}`).sort();
  return hashParts([
    'run',
    CACHE_FORMAT_VERSION,
    WARMBUILD_VERSION,
    rules ? [...rules].sort().join(',') : '*',
    ...parts,
  ]);
}

/**
 * The key of a repository line: the same repository and rule selection on any machine, whatever
 * the commit. The latest archive uploaded for it is the fallback when a run's own archive is not
 * on the server (a pull request on top of what main built): most of its entries still apply.
 * Named by the root package.json `name`, else the directory name (the checkout's name in CI).
 */
export function lineArchiveKey(root: string, rules: Iterable<string> | undefined): string {
  let name = path.basename(root);
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof manifest.name === 'string' && manifest.name !== '') name = manifest.name;
  } catch {
    // no or unreadable package.json: the directory name will do, the line is only a hint
  }
  return hashParts(['line', CACHE_FORMAT_VERSION, WARMBUILD_VERSION, name, rules ? [...rules].sort().join(',') : '*']);
}

export function encodeArchive(entries: Iterable<ArchiveEntry>): Buffer {
  const chunks: Buffer[] = [Buffer.alloc(4)];
  let count = 0;
  for (const entry of entries) {
    const namespace = Buffer.from(entry.namespace);
    const key = Buffer.from(entry.key);
    const head = Buffer.alloc(2 + namespace.length + 2 + key.length + 4);
    let offset = head.writeUInt16LE(namespace.length, 0);
    offset += namespace.copy(head, offset);
    offset = head.writeUInt16LE(key.length, offset);
    offset += key.copy(head, offset);
    head.writeUInt32LE(entry.value.length, offset);
    chunks.push(head, entry.value);
    count++;
  }
  chunks[0].writeUInt32LE(count);
  return Buffer.concat(chunks);
}

/** Entries by `namespace\0key`, or undefined when the payload is malformed. */
export function decodeArchive(payload: Buffer): Map<string, Buffer> | undefined {
  const out = new Map<string, Buffer>();
  try {
    const count = payload.readUInt32LE(0);
    let offset = 4;
    for (let i = 0; i < count; i++) {
      const namespaceLength = payload.readUInt16LE(offset);
      const namespace = payload.toString('utf8', offset + 2, offset + 2 + namespaceLength);
      offset += 2 + namespaceLength;
      const keyLength = payload.readUInt16LE(offset);
      const key = payload.toString('utf8', offset + 2, offset + 2 + keyLength);
      offset += 2 + keyLength;
      const valueLength = payload.readUInt32LE(offset);
      offset += 4;
      if (offset + valueLength > payload.length) return undefined;
      out.set(`${namespace}\0${key}`, payload.subarray(offset, offset + valueLength));
      offset += valueLength;
    }
    return offset === payload.length ? out : undefined;
  } catch {
    // readUInt* past the end: a payload that passed the checksum but is not an archive
    return undefined;
  }
}
