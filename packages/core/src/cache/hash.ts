import { createRequire } from 'node:module';
import { nodeCrypto } from '../internal/node-crypto.js';

/**
 * Content hashing with @node-rs/xxhash's xxh64, the fastest candidate from small to large inputs
 * in `pnpm bench hash` (its rows against crypto.hash('sha1') and xxh3-128, where the BigInt
 * conversion dominates). Two xxh64 passes with different seeds give 128 bits at twice xxh64's
 * cost, still the fastest (row "xxh64 x2 (used)"): 64 bits alone is too few for a cache that
 * must never confuse two files.
 */
type Xxh64 = (input: Uint8Array | string, seed?: bigint) => bigint;

const require = createRequire(import.meta.url);

function loadXxh64(): Xxh64 | undefined {
  if (process.env.WARMBUILD_HASH === 'sha1') return undefined;
  try {
    return (require('@node-rs/xxhash') as { xxh64: Xxh64 }).xxh64;
  } catch {
    // The native package has no binary for this platform: fall back, with a different algorithm tag.
    return undefined;
  }
}

const xxh64 = loadXxh64();
const SEED_B = 0x9e3779b97f4a7c15n;

/** Algorithm tag, part of every key salt so two algorithms never share entries. */
export const HASH_ALGORITHM = xxh64 ? 'xxh64x2' : 'sha1';

function hex64(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/** 128-bit hex digest of bytes or a string (strings hash as UTF-8). */
export function hashContent(data: Uint8Array | string): string {
  if (xxh64) {
    const input = typeof data === 'string' ? Buffer.from(data) : data;
    return hex64(xxh64(input, 0n)) + hex64(xxh64(input, SEED_B));
  }
  return nodeCrypto()
    .hash('sha1', typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    .slice(0, 32);
}

/** Hash of an ordered list of parts; unambiguous (each part is length-prefixed). */
export function hashParts(parts: readonly (string | Uint8Array | number | boolean | undefined)[]): string {
  // One buffer for all parts: this runs once per cached transform, and a buffer per part (and per
  // length prefix) was most of its cost. The bytes hashed are the same as ever, so keys are too.
  const texts = parts.map((part) => (part instanceof Uint8Array ? part : String(part)));
  let size = 0;
  for (const text of texts) size += 4 + (typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength);
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const text of texts) {
    let length: number;
    if (typeof text === 'string') {
      length = buffer.write(text, offset + 4);
    } else {
      buffer.set(text, offset + 4);
      length = text.byteLength;
    }
    buffer.writeUInt32LE(length, offset);
    offset += 4 + length;
  }
  return hashContent(buffer);
}

/**
 * Stable fingerprint of an options object: keys sorted, functions by source text,
 * RegExps by source and flags. Returns the fingerprint and whether a function was seen,
 * since changes inside a closure's captured variables cannot be seen.
 */
export function fingerprintOptions(value: unknown): { fingerprint: string; hasFunctions: boolean } {
  let hasFunctions = false;
  const seen = new WeakSet<object>();
  const walk = (input: unknown): unknown => {
    if (typeof input === 'function') {
      hasFunctions = true;
      return `[function ${input.toString()}]`;
    }
    if (typeof input === 'bigint') return `${input}n`;
    if (typeof input === 'symbol') return input.toString();
    if (input === undefined) return '[undefined]';
    if (input instanceof RegExp) return `[regexp ${input.source}/${input.flags}]`;
    if (input instanceof Date) return `[date ${input.toISOString()}]`;
    if (input instanceof Uint8Array) return `[bytes ${hashContent(input)}]`;
    if (input === null || typeof input !== 'object') return input;
    if (seen.has(input)) return '[circular]';
    seen.add(input);
    if (input instanceof Map) return ['[map]', ...[...input.entries()].map(([k, v]) => [walk(k), walk(v)])];
    if (input instanceof Set) return ['[set]', ...[...input].map(walk)];
    if (Array.isArray(input)) return input.map(walk);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input).sort()) out[key] = walk((input as Record<string, unknown>)[key]);
    return out;
  };
  const canonical = JSON.stringify(walk(value));
  return { fingerprint: hashContent(canonical), hasFunctions };
}
