import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { nodeCrypto } from '../internal/node-crypto.js';
import { writeFileAtomicSync } from '../internal/atomic-write.js';
import { debug } from '../internal/debug.js';

/**
 * A V8 code cache of one script kept for the whole machine (per user), beside the project cache:
 * the TypeScript compiler is the same file for every checkout, so after the first run on a
 * machine no run compiles it again, whatever state the project's cache is in. Node >= 22.1 does
 * this for modules with `module.enableCompileCache()` (in os.tmpdir()/node-compile-cache); Node
 * 20 has nothing of the kind, and warmbuild loads the compiler through `vm.Script` anyway.
 *
 * Entries are keyed by the script's path, size and mtime, the Node version and architecture and
 * V8's cached-data tag (V8 version, flags, CPU features). Each file is a SHA-1 of its payload
 * followed by the payload, written atomically; a file that fails the checksum, or that V8
 * rejects, is ignored and replaced. At most MAX_ENTRIES stay (other compiler versions, other
 * Node versions). Unreadable or unwritable: skipped without a word (the run only compiles).
 *
 * `WARMBUILD_COMPILE_CACHE=<dir>` puts it elsewhere; `WARMBUILD_COMPILE_CACHE=off` turns it off.
 */
export interface CompileCache {
  /** The cached code, when there is a sound entry for this script and this Node. */
  read(): Buffer | undefined;
  /** Store fresh code; false when the directory cannot be written. */
  write(data: Buffer): boolean;
}

export const MAX_ENTRIES = 4;
const CHECKSUM_BYTES = 20;
const PREFIX = 'v8-';

/** The directory in use, or undefined when turned off. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.WARMBUILD_COMPILE_CACHE;
  if (configured === 'off' || configured === '0' || configured === 'false') return undefined;
  if (configured) return path.resolve(configured);
  // Per user: a directory other users can write into could feed this process bytecode.
  const uid = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(os.tmpdir(), `warmbuild-compile-cache${uid}`);
}

/** Ours and not writable by others (else its code is not to be trusted). */
function trustedDir(dir: string): boolean {
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) return false;
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

export function openCompileCache(scriptPath: string, env: NodeJS.ProcessEnv = process.env): CompileCache | undefined {
  const dir = compileCacheDir(env);
  if (!dir) return undefined;
  let file: string;
  try {
    const stat = fs.statSync(scriptPath);
    const key = nodeCrypto()
      .createHash('sha1')
      .update(
        [scriptPath, stat.size, stat.mtimeMs, process.version, process.arch, v8.cachedDataVersionTag()].join('\0'),
      )
      .digest('hex')
      .slice(0, 24);
    file = path.join(dir, `${PREFIX}${path.basename(scriptPath, '.js')}-${key}.bin`);
  } catch {
    return undefined;
  }
  return {
    read() {
      try {
        if (!trustedDir(dir)) return undefined;
        const bytes = fs.readFileSync(file);
        if (bytes.length <= CHECKSUM_BYTES) return undefined;
        const payload = bytes.subarray(CHECKSUM_BYTES);
        const sum = nodeCrypto().createHash('sha1').update(payload).digest();
        return sum.equals(bytes.subarray(0, CHECKSUM_BYTES)) ? payload : undefined;
      } catch {
        return undefined;
      }
    },
    write(data) {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!trustedDir(dir)) return false;
        writeFileAtomicSync(file, Buffer.concat([nodeCrypto().createHash('sha1').update(data).digest(), data]));
        prune(dir, file);
        return true;
      } catch (error) {
        debug('module-graph', `compile cache not written to ${dir}: ${String(error)}`);
        return false;
      }
    },
  };
}

/** Keep the newest MAX_ENTRIES entries (by mtime; the one just written always stays). */
function prune(dir: string, keep: string): void {
  const entries = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.bin'))
    .map((name) => {
      const full = path.join(dir, name);
      try {
        return { full, mtime: fs.statSync(full).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry): entry is { full: string; mtime: number } => entry !== undefined && entry.full !== keep)
    .sort((a, b) => b.mtime - a.mtime);
  for (const entry of entries.slice(MAX_ENTRIES - 1)) fs.rmSync(entry.full, { force: true });
}
