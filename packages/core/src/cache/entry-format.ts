import { hashContent } from './hash.js';

/**
 * One disk entry file: `WBC1 | u32 header length | header JSON | payload`. The header carries
 * the key, the namespace and a checksum of the payload, so a truncated, corrupt or misplaced
 * file is detected (and removed by the store) instead of served.
 */
const MAGIC = Buffer.from('WBC1');

interface EntryHeader {
  k: string;
  n: string;
  c: string;
  s: number;
  t: number;
}

export function encodeEntry(namespace: string, key: string, value: Uint8Array): Buffer {
  const header: EntryHeader = { k: key, n: namespace, c: hashContent(value), s: value.byteLength, t: Date.now() };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([MAGIC, length, headerBytes, value]);
}

/** The payload, or the reason the bytes are not a valid entry for (namespace, key). */
export function decodeEntry(bytes: Buffer, namespace: string, key: string): Buffer | string {
  if (bytes.length < 8 || !bytes.subarray(0, 4).equals(MAGIC)) return 'bad magic (foreign or older format)';
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) return 'truncated header';
  let header: EntryHeader;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as EntryHeader;
  } catch {
    return 'unparsable header';
  }
  if (header.k !== key || header.n !== namespace) return 'entry belongs to another key';
  const payload = bytes.subarray(8 + headerLength);
  if (payload.length !== header.s) return `truncated payload (${payload.length} of ${header.s} bytes)`;
  if (hashContent(payload) !== header.c) return 'checksum mismatch';
  return payload;
}
