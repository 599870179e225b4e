import type zlib from 'node:zlib';
import { promisify } from 'node:util';
import { nodeCrypto } from '../../internal/node-crypto.js';
import { hashContent } from '../hash.js';

/**
 * A cache entry as a remote artifact: `WBR1 | u32 header length | header JSON | body`.
 * The header names the namespace and key (a misplaced artifact is refused), the codec,
 * and the size and checksum of the uncompressed payload, so a truncated, corrupt or
 * foreign download is detected and becomes a miss.
 */
const MAGIC = Buffer.from('WBR1');

export type Codec = 'br' | 'gzip' | 'none';

/**
 * The largest artifact (body or payload) a download may hold: a few MB over the largest entry
 * warmbuild writes (an archive, MAX_ARCHIVE_BYTES), so every honest artifact fits and a hostile
 * one costs at most this much memory.
 */
export const DEFAULT_MAX_ARTIFACT_SIZE = 36 * 1024 * 1024;

/** Payloads smaller than this go uncompressed: the codec's framing would outweigh the gain. */
export const COMPRESS_MIN_BYTES = 256;
/** Above this size (de)compression runs on the libuv thread pool instead of the main thread. */
const ASYNC_MIN_BYTES = 64 * 1024;

interface ArtifactHeader {
  n: string;
  k: string;
  z: Codec;
  s: number;
  c: string;
}

interface Codecs {
  zlib: typeof zlib;
  brotliCompress: (payload: Buffer, options: zlib.BrotliOptions) => Promise<Buffer>;
  gzip: (payload: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;
}

// node:zlib is imported when the first artifact is encoded or decoded, not by every run that
// builds a context (most have no remote cache).
let codecs: Promise<Codecs> | undefined;
const loadCodecs = () =>
  (codecs ??= import('node:zlib').then(({ default: zlib }) => ({
    zlib,
    brotliCompress: promisify(zlib.brotliCompress),
    gzip: promisify(zlib.gzip),
  })));

/** The artifact id on the server for a (namespace, key) pair: hex, like turbo's task hashes. */
export function artifactId(namespace: string, key: string): string {
  return hashContent(`warmbuild\0${namespace}\0${key}`);
}

function brotliOptions(zlib: typeof import('node:zlib'), size: number): zlib.BrotliOptions {
  // Quality 5: bench/remote.bench.mjs measured it within a few percent of q11's size on cache
  // entries at a fraction of the time; the default (11) costs more CPU than the bytes saved.
  return { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } };
}

export async function compress(payload: Buffer, codec: Codec): Promise<Buffer> {
  if (codec === 'none') return payload;
  const { zlib, brotliCompress, gzip } = await loadCodecs();
  const large = payload.length >= ASYNC_MIN_BYTES;
  if (codec === 'br')
    return large
      ? brotliCompress(payload, brotliOptions(zlib, payload.length))
      : zlib.brotliCompressSync(payload, brotliOptions(zlib, payload.length));
  return large ? gzip(payload, { level: 6 }) : zlib.gzipSync(payload, { level: 6 });
}

/**
 * Inflate into a buffer of the declared size, never more: the stream is cut as soon as it yields
 * a byte past `size`, so a bomb costs at most `size` (itself capped by the caller's limit) plus
 * one zlib chunk, whatever it would inflate to. The declared size is attacker-written; the cap
 * on it (remote.maxArtifactSize) is ours.
 */
async function decompress(body: Buffer, codec: Codec, size: number): Promise<Buffer> {
  if (codec === 'none') return body;
  const { zlib } = await loadCodecs();
  // Small artifacts inflate on the main thread: the stream machinery would cost more than the work.
  if (size < ASYNC_MIN_BYTES) {
    const limit = { maxOutputLength: Math.max(1, size) };
    return codec === 'br' ? zlib.brotliDecompressSync(body, limit) : zlib.gunzipSync(body, limit);
  }
  const out = Buffer.allocUnsafe(size);
  const stream = codec === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip();
  return new Promise<Buffer>((resolve, reject) => {
    let filled = 0;
    stream.on('data', (chunk: Buffer) => {
      if (filled + chunk.length > size) {
        stream.destroy();
        reject(new Error(`inflates past the declared ${size} bytes`));
        return;
      }
      chunk.copy(out, filled);
      filled += chunk.length;
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(out.subarray(0, filled)));
    stream.end(body);
  });
}

export async function encodeArtifact(
  namespace: string,
  key: string,
  payload: Buffer,
  codec: Codec = 'br',
): Promise<Buffer> {
  const chosen: Codec = payload.length < COMPRESS_MIN_BYTES ? 'none' : codec;
  const body = await compress(payload, chosen);
  const header: ArtifactHeader = { n: namespace, k: key, z: chosen, s: payload.length, c: hashContent(payload) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([MAGIC, length, headerBytes, body]);
}

/**
 * The payload, or the reason the bytes are not a valid artifact for (namespace, key). A payload
 * declared over `maxSize` is refused before anything is inflated.
 */
export async function decodeArtifact(
  bytes: Buffer,
  namespace: string,
  key: string,
  maxSize: number = DEFAULT_MAX_ARTIFACT_SIZE,
): Promise<Buffer | string> {
  if (bytes.length < 8 || !bytes.subarray(0, 4).equals(MAGIC)) return 'not a warmbuild artifact';
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) return 'truncated header';
  let header: ArtifactHeader;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as ArtifactHeader;
  } catch {
    return 'unparsable header';
  }
  if (header.n !== namespace || header.k !== key) return 'artifact belongs to another entry';
  if (header.z !== 'br' && header.z !== 'gzip' && header.z !== 'none')
    return `unknown codec ${JSON.stringify(header.z)}`;
  if (!Number.isInteger(header.s) || header.s < 0) return 'bad size in header';
  if (header.s > maxSize) return `declares ${header.s} bytes, over remote.maxArtifactSize (${maxSize})`;
  let payload: Buffer;
  try {
    payload = await decompress(bytes.subarray(8 + headerLength), header.z, header.s);
  } catch (error) {
    return `cannot decompress (${(error as Error).message})`;
  }
  if (payload.length !== header.s) return `payload is ${payload.length} bytes, header says ${header.s}`;
  if (hashContent(payload) !== header.c) return 'checksum mismatch';
  return payload;
}

/**
 * Turborepo's `x-artifact-tag`: HMAC-SHA256 keyed with the signature key over the JSON
 * `{"hash":<id>,"teamId":<team>}` followed by the artifact body, base64 without padding
 * (turborepo-cache's signature_authentication.rs), so turbo and warmbuild agree on tags.
 */
export function signArtifact(signatureKey: string, id: string, team: string | undefined, body: Buffer): string {
  return hmac(signatureKey, id, team, body).toString('base64').replace(/=+$/, '');
}

export function verifyArtifact(
  signatureKey: string,
  id: string,
  team: string | undefined,
  body: Buffer,
  tag: string | undefined,
): boolean {
  if (!tag) return false;
  const expected = hmac(signatureKey, id, team, body);
  const given = Buffer.from(tag.trim(), 'base64');
  return given.length === expected.length && nodeCrypto().timingSafeEqual(given, expected);
}

function hmac(signatureKey: string, id: string, team: string | undefined, body: Buffer): Buffer {
  return nodeCrypto()
    .createHmac('sha256', signatureKey)
    .update(JSON.stringify({ hash: id, teamId: team ?? '' }))
    .update(body)
    .digest();
}
