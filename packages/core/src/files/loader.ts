import fs from 'node:fs';
import type { Stats } from 'node:fs';
import { errnoCode } from '../errors.js';
import { fromRepoRelative } from '../internal/paths.js';
import { sharedLimiter, withRetry } from '../internal/limiter.js';
import { hashContent } from '../cache/hash.js';
import type { ContentCache } from '../cache/content-cache.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
/** Below this many files, reading one after another beats scheduling. */
export const SEQUENTIAL_THRESHOLD = 32;
/** Like git: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_SNIFF_BYTES = 8000;

export type FileStatus = 'ok' | 'skipped' | 'error';

export interface LoadedFile {
  /** Repo-relative, forward-slashed. */
  path: string;
  status: FileStatus;
  /** Why the file was skipped or failed. */
  reason?: string;
  size: number;
  /** Content hash; absent for skipped and failed files. */
  hash?: string;
  binary: boolean;
  /** True when the hash came from the file-state index and the file was not read. */
  fromIndex: boolean;
  /** Content kept from loading, when it was read; dropped by `releaseContent`. */
  content?: Buffer;
}

export interface LoadOptions {
  root: string;
  maxFileSize?: number;
  cache?: ContentCache;
  onProgress?: (done: number, total: number) => void;
  /** Keep read content on each file (checks reuse it instead of reading again). @default true */
  keepContent?: boolean;
}

export interface LoadResult {
  files: LoadedFile[];
  /** Files actually read from disk in this load. */
  read: number;
  /** Files whose hash came from the file-state index. */
  statOnly: number;
}

export function isBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (content[i] === 0) return true;
  return false;
}

function describeStatError(error: unknown): string {
  const code = errnoCode(error);
  switch (code) {
    case 'ENOENT':
      return 'deleted during the run (or a broken symbolic link)';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'not readable (permission denied)';
    default:
      return `${code ?? 'error'}: ${(error as Error).message}`;
  }
}

/**
 * Synchronous on purpose: fs.promises.stat adds a thread-pool round trip per file, which over
 * thousands of files costs several times the stats themselves. Callers yield between chunks.
 */
function statFollowing(absolute: string): { stat: Stats } | { error: string } {
  try {
    return { stat: fs.statSync(absolute) };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      let link: Stats | undefined;
      try {
        link = fs.lstatSync(absolute);
      } catch {
        link = undefined;
      }
      if (link?.isSymbolicLink()) return { error: 'broken symbolic link (its target does not exist)' };
    }
    return { error: describeStatError(error) };
  }
}

type Stated = { rel: string; stat: Stats } | { rel: string; done: LoadedFile };

/** Stat one file and answer from the file-state index when it can vouch for it. */
function statOne(rel: string, options: LoadOptions, maxFileSize: number): Stated {
  const base = { path: rel, size: 0, binary: false, fromIndex: false };
  const stated = statFollowing(fromRepoRelative(options.root, rel));
  if ('error' in stated) return { rel, done: { ...base, status: 'error', reason: stated.error } };
  const { stat } = stated;
  if (!stat.isFile()) return { rel, done: { ...base, status: 'skipped', reason: 'not a regular file' } };
  if (stat.size > maxFileSize) {
    return {
      rel,
      done: {
        ...base,
        size: stat.size,
        status: 'skipped',
        reason: `larger than maxFileSize (${stat.size} > ${maxFileSize} bytes)`,
      },
    };
  }
  const fileState = options.cache?.fileState;
  fileState?.markSeen(rel);
  const known = fileState?.lookup(rel, stat);
  if (known)
    return {
      rel,
      done: { ...base, size: stat.size, status: 'ok', hash: known.hash, binary: known.binary, fromIndex: true },
    };
  return { rel, stat };
}

async function readOne(rel: string, stat: Stats, options: LoadOptions): Promise<LoadedFile> {
  let content: Buffer;
  try {
    content = await withRetry(() => fs.promises.readFile(fromRepoRelative(options.root, rel)));
  } catch (error) {
    return {
      path: rel,
      size: stat.size,
      binary: false,
      fromIndex: false,
      status: 'error',
      reason: describeStatError(error),
    };
  }
  return finishRead(rel, stat, content, options);
}

/**
 * Small files are read synchronously, like stat: a promise read is four thread-pool round trips
 * (open, fstat, read, close), which a cold `check` pays for every file it reads. Larger files, and
 * any failed read, take the async path (it retries).
 */
export const SYNC_READ_MAX_BYTES = 256 * 1024;

function readOneSync(rel: string, stat: Stats, options: LoadOptions): LoadedFile | undefined {
  let content: Buffer;
  try {
    content = fs.readFileSync(fromRepoRelative(options.root, rel));
  } catch {
    return undefined;
  }
  return finishRead(rel, stat, content, options);
}

function finishRead(rel: string, stat: Stats, content: Buffer, options: LoadOptions): LoadedFile {
  const base = { path: rel, size: stat.size, binary: false, fromIndex: false };
  const hash = hashContent(content);
  const binary = isBinary(content);
  // Record the stat taken before the read: if the file changed in between, the next run sees a new stat.
  options.cache?.fileState?.record(rel, stat, { hash, binary });
  return {
    ...base,
    size: content.length,
    status: 'ok',
    hash,
    binary,
    content: options.keepContent === false ? undefined : content,
  };
}

const STAT_CHUNK = 500;
/** Synchronous reads between yields (a bundler may share this thread). */
const READ_CHUNK = 200;

/**
 * Stat every file, and read and hash only those the file-state index cannot vouch for.
 * One shared limiter bounds descriptors process-wide; EMFILE/EAGAIN are retried with
 * backoff; an error in one file is recorded on it and never aborts the load.
 */
export async function loadFiles(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const files: LoadedFile[] = new Array(paths.length);
  let done = 0;
  const step = (index: number, file: LoadedFile) => {
    files[index] = file;
    done++;
    options.onProgress?.(done, paths.length);
  };
  const toRead: { index: number; rel: string; stat: Stats }[] = [];
  for (let start = 0; start < paths.length; start += STAT_CHUNK) {
    const end = Math.min(paths.length, start + STAT_CHUNK);
    for (let i = start; i < end; i++) {
      const stated = statOne(paths[i], options, maxFileSize);
      if ('done' in stated) step(i, stated.done);
      else toRead.push({ index: i, rel: stated.rel, stat: stated.stat });
    }
    // Let a bundler sharing this thread breathe between chunks.
    if (end < paths.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const toReadAsync: typeof toRead = [];
  for (let start = 0; start < toRead.length; start += READ_CHUNK) {
    const end = Math.min(toRead.length, start + READ_CHUNK);
    for (let i = start; i < end; i++) {
      const item = toRead[i];
      const file = item.stat.size <= SYNC_READ_MAX_BYTES ? readOneSync(item.rel, item.stat, options) : undefined;
      if (file) step(item.index, file);
      else toReadAsync.push(item);
    }
    if (end < toRead.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (toReadAsync.length < SEQUENTIAL_THRESHOLD) {
    for (const item of toReadAsync) step(item.index, await readOne(item.rel, item.stat, options));
  } else {
    const limit = sharedLimiter();
    await Promise.all(
      toReadAsync.map((item) =>
        limit(() => readOne(item.rel, item.stat, options)).then((file) => step(item.index, file)),
      ),
    );
  }
  let read = 0;
  let statOnly = 0;
  for (const file of files) {
    if (file.status !== 'ok') continue;
    if (file.fromIndex) statOnly++;
    else read++;
  }
  if (options.cache) {
    options.cache.counters.filesHashed += read;
    options.cache.counters.filesStatOnly += statOnly;
  }
  return { files, read, statOnly };
}

/**
 * The content of a loaded file and the hash of exactly those bytes. When the file
 * changed since it was hashed, the returned hash is the new one, so a result cached
 * under it can never be stale.
 */
export async function readLoadedFile(root: string, file: LoadedFile): Promise<{ content: Buffer; hash: string }> {
  if (file.content && file.hash) return { content: file.content, hash: file.hash };
  const content: Buffer = await sharedLimiter()(() =>
    withRetry(() => fs.promises.readFile(fromRepoRelative(root, file.path))),
  );
  return { content, hash: hashContent(content) };
}

export function releaseContent(files: LoadedFile[]): void {
  for (const file of files) if (file.content) file.content = undefined;
}
