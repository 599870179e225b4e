import { describe, expect, it } from 'vitest';
import { hashContent, hashParts } from './hash.js';

/** The layout hashParts has always hashed: each part as a u32 LE byte length and its bytes. */
function referenceHashParts(parts: readonly (string | Uint8Array | number | boolean | undefined)[]): string {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const bytes = part instanceof Uint8Array ? Buffer.from(part) : Buffer.from(String(part));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    chunks.push(length, bytes);
  }
  return hashContent(Buffer.concat(chunks));
}

describe('hashParts', () => {
  it('hashes the same bytes as the length-prefixed layout, so existing cache keys stay valid', () => {
    const cases: (string | Uint8Array | number | boolean | undefined)[][] = [
      [],
      [''],
      ['transform', 'src/a.jsx', '', 'client|ssr=false|type=jsx', 'ab'.repeat(16)],
      ['naïve — ünïcödé ✓ 😀', 'a\u0000b', 'lone \ud800 surrogate'],
      [new Uint8Array([0, 1, 2, 255]), Buffer.from('bytes'), 42, true, false, undefined],
      ['x'.repeat(100_000), new Uint8Array(0)],
    ];
    for (const parts of cases) expect(hashParts(parts)).toBe(referenceHashParts(parts));
  });

  it('keeps parts apart: moving a boundary changes the digest', () => {
    expect(hashParts(['ab', 'c'])).not.toBe(hashParts(['a', 'bc']));
    expect(hashParts(['a', ''])).not.toBe(hashParts(['a']));
  });
});
