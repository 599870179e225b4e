import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../internal/atomic-write.js';
import { debug } from '../internal/debug.js';
import { hashContent } from './hash.js';

/**
 * Small entries of one namespace packed in one file, `<v1>/packs/<namespace>.pack`, so a
 * warm run reads a namespace's ten thousand small results with one read instead of ten
 * thousand (measured in `pnpm bench foundation`: per-entry files made a warm check slower
 * than no cache at all). Layout: `WBP1 | checksum of body (32 hex) | body`, the body a
 * sequence of `u8 keyLength | key | u32 lastUsedMinute | u32 valueLength | value`.
 * A pack that fails its checksum is dropped whole: every entry in it becomes a miss.
 *
 * A run that only reads (a warm build) still has to record when its entries were last used, for
 * LRU eviction and `prune --unused`. Rewriting the whole pack for that would cost every warm build
 * a rewrite of megabytes it did not change (a React Compiler build's transform results); instead
 * such a run writes the minutes to a small sidecar,
 * `<namespace>.pack.used` (JSON, key -> minute), which every load applies and the next full
 * rewrite folds in and removes. A sidecar that cannot be read is ignored: entries then look
 * older than they are, which at worst evicts them early, never serves a wrong value.
 */
const MAGIC = 'WBP1';
const HEADER_BYTES = 4 + 32;
/** Values up to this size are packed; larger ones get a file of their own. */
export const PACK_MAX_VALUE = 32 * 1024;
/** A pack never grows past this; further values get files of their own. */
export const PACK_MAX_BYTES = 64 * 1024 * 1024;

export interface PackEntry {
  value: Buffer;
  lastUsedMinute: number;
}

export interface Pack {
  readonly namespace: string;
  readonly file: string;
  /** Bytes of the pack as loaded (0 if absent). */
  readonly loadedBytes: number;
  get(key: string): Buffer | undefined;
  has(key: string): boolean;
  /** True when the value was taken; false when the pack is full. */
  put(key: string, value: Buffer): boolean;
  delete(keys: Iterable<string>): void;
  entries(): IterableIterator<[string, PackEntry]>;
  readonly dirty: boolean;
  readonly bytes: number;
  /** Merge with what other processes wrote meanwhile, then write atomically. */
  flush(): Promise<void>;
  flushSync(): void;
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 3_000;

function tryLock(lock: string): boolean {
  try {
    fs.closeSync(fs.openSync(lock, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      // A holder that died leaves its lock behind; after LOCK_STALE_MS nobody is merging.
      if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
}

function unlock(lock: string): void {
  fs.rmSync(lock, { force: true });
}

/**
 * Serialise read-merge-write of one pack across processes, so two writers flushing at
 * once both keep their entries. Waits at most LOCK_WAIT_MS, then merges unlocked: at
 * worst an entry is lost to the race (a later miss), never corrupted (writes are atomic).
 */
async function withLock<T>(lock: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let locked = tryLock(lock);
  while (!locked && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
    locked = tryLock(lock);
  }
  try {
    return await body();
  } finally {
    if (locked) unlock(lock);
  }
}

function withLockSync<T>(lock: string, body: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let locked = tryLock(lock);
  while (!locked && Date.now() < deadline) {
    Atomics.wait(sleeper, 0, 0, 10);
    locked = tryLock(lock);
  }
  try {
    return body();
  } finally {
    if (locked) unlock(lock);
  }
}

export function nowMinute(): number {
  return Math.floor(Date.now() / 60_000);
}

export function decodePack(bytes: Buffer): Map<string, PackEntry> | string {
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC) return 'bad magic';
  const body = bytes.subarray(HEADER_BYTES);
  if (hashContent(body) !== bytes.toString('latin1', 4, HEADER_BYTES)) return 'checksum mismatch';
  const out = new Map<string, PackEntry>();
  let offset = 0;
  while (offset < body.length) {
    if (offset + 1 > body.length) return 'truncated record';
    const keyLength = body[offset];
    const valueStart = offset + 1 + keyLength + 8;
    if (valueStart > body.length) return 'truncated record';
    const key = body.toString('latin1', offset + 1, offset + 1 + keyLength);
    const lastUsedMinute = body.readUInt32LE(offset + 1 + keyLength);
    const valueLength = body.readUInt32LE(offset + 1 + keyLength + 4);
    if (valueStart + valueLength > body.length) return 'truncated value';
    out.set(key, { value: body.subarray(valueStart, valueStart + valueLength), lastUsedMinute });
    offset = valueStart + valueLength;
  }
  return out;
}

export function encodePack(entries: Iterable<[string, PackEntry]>): Buffer {
  const chunks: Buffer[] = [];
  for (const [key, entry] of entries) {
    const head = Buffer.alloc(1 + key.length + 8);
    head[0] = key.length;
    head.write(key, 1, 'latin1');
    head.writeUInt32LE(entry.lastUsedMinute, 1 + key.length);
    head.writeUInt32LE(entry.value.length, 1 + key.length + 4);
    chunks.push(head, entry.value);
  }
  const body = Buffer.concat(chunks);
  return Buffer.concat([Buffer.from(MAGIC + hashContent(body), 'latin1'), body]);
}

const usedFileOf = (file: string) => `${file}.used`;

/** The sidecar's minutes (see above); empty when absent or unreadable. */
function readUsed(file: string): Map<string, number> {
  let text: string;
  try {
    text = fs.readFileSync(usedFileOf(file), 'utf8');
  } catch {
    return new Map();
  }
  try {
    const used = (JSON.parse(text) as { used?: unknown }).used;
    if (!used || typeof used !== 'object') return new Map();
    return new Map(
      Object.entries(used as Record<string, unknown>).filter((pair): pair is [string, number] =>
        Number.isInteger(pair[1]),
      ),
    );
  } catch {
    debug('pack', `${usedFileOf(file)}: unparsable; ignored`);
    return new Map();
  }
}

function encodeUsed(used: Map<string, number>): string {
  return JSON.stringify({ used: Object.fromEntries(used) });
}

function readPackFile(
  file: string,
  onCorrupt: (reason: string) => void,
): { entries: Map<string, PackEntry>; bytes: number } {
  const read = readPackBytes(file, onCorrupt);
  for (const [key, minute] of readUsed(file)) {
    const entry = read.entries.get(key);
    if (entry && minute > entry.lastUsedMinute) read.entries.set(key, { value: entry.value, lastUsedMinute: minute });
  }
  return read;
}

function readPackBytes(
  file: string,
  onCorrupt: (reason: string) => void,
): { entries: Map<string, PackEntry>; bytes: number } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { entries: new Map(), bytes: 0 };
  }
  const decoded = decodePack(bytes);
  if (typeof decoded === 'string') {
    onCorrupt(decoded);
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // another process may have replaced it already; the next flush rewrites it anyway
    }
    return { entries: new Map(), bytes: 0 };
  }
  return { entries: decoded, bytes: bytes.length };
}

export function openPack(dir: string, namespace: string, onCorrupt: (reason: string) => void): Pack {
  const file = path.join(dir, `${namespace}.pack`);
  const loaded = readPackFile(file, (reason) => {
    debug('pack', `${file}: ${reason}; dropped`);
    onCorrupt(reason);
  });
  const entries = loaded.entries;
  const pending = new Map<string, PackEntry>();
  const touched = new Set<string>();
  const removed = new Set<string>();
  const minute = nowMinute();
  let bytes = loaded.bytes;

  function merged(): Map<string, PackEntry> {
    // Re-read: another process may have flushed new entries since we loaded.
    const current = readPackFile(file, () => undefined).entries;
    for (const [key, entry] of entries) {
      if (touched.has(key)) current.set(key, { value: entry.value, lastUsedMinute: minute });
    }
    for (const [key, entry] of pending) current.set(key, entry);
    for (const key of removed) current.delete(key);
    return current;
  }

  function reset(): void {
    for (const [key, entry] of pending) entries.set(key, entry);
    for (const key of touched) {
      const entry = entries.get(key);
      if (entry) entries.set(key, { value: entry.value, lastUsedMinute: minute });
    }
    pending.clear();
    touched.clear();
    removed.clear();
  }

  /** Only last-use minutes changed: they go to the sidecar, merged with what others wrote there. */
  const onlyTouched = () => pending.size === 0 && removed.size === 0;
  function touchedUsed(): string {
    const used = readUsed(file);
    for (const key of touched) used.set(key, minute);
    return encodeUsed(used);
  }

  const pack: Pack = {
    namespace,
    file,
    loadedBytes: loaded.bytes,
    get(key) {
      const entry = pending.get(key) ?? entries.get(key);
      if (!entry) return undefined;
      if (entry.lastUsedMinute !== minute && !pending.has(key)) touched.add(key);
      return entry.value;
    },
    has: (key) => pending.has(key) || entries.has(key),
    put(key, value) {
      if (bytes + value.length + key.length + 9 > PACK_MAX_BYTES) return false;
      // Copy: the caller's buffer may be a view into something larger or reused.
      pending.set(key, { value: Buffer.from(value), lastUsedMinute: minute });
      removed.delete(key);
      bytes += value.length + key.length + 9;
      return true;
    },
    delete(keys) {
      for (const key of keys) {
        removed.add(key);
        pending.delete(key);
        entries.delete(key);
      }
    },
    entries: () => new Map([...entries, ...pending]).entries(),
    get dirty() {
      return pending.size > 0 || touched.size > 0 || removed.size > 0;
    },
    get bytes() {
      return bytes;
    },
    async flush() {
      if (!pack.dirty) return;
      await fs.promises.mkdir(dir, { recursive: true });
      await withLock(`${file}.lock`, async () => {
        if (onlyTouched()) {
          await writeFileAtomic(usedFileOf(file), touchedUsed());
          return;
        }
        // merged() read the sidecar's minutes into the pack: it is folded in.
        const data = encodePack(merged());
        await writeFileAtomic(file, data);
        await fs.promises.rm(usedFileOf(file), { force: true });
        bytes = data.length;
      });
      reset();
    },
    flushSync() {
      if (!pack.dirty) return;
      fs.mkdirSync(dir, { recursive: true });
      withLockSync(`${file}.lock`, () => {
        if (onlyTouched()) {
          writeFileAtomicSync(usedFileOf(file), touchedUsed());
          return;
        }
        const data = encodePack(merged());
        writeFileAtomicSync(file, data);
        fs.rmSync(usedFileOf(file), { force: true });
        bytes = data.length;
      });
      reset();
    },
  };
  return pack;
}
