import { createHmac, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  artifactId,
  COMPRESS_MIN_BYTES,
  decodeArtifact,
  encodeArtifact,
  signArtifact,
  verifyArtifact,
} from './artifact.js';

const text = (size: number) =>
  Buffer.from(JSON.stringify(Array.from({ length: size / 40 }, (_, i) => ({ rule: 'large-file', line: i }))));

describe('artifact encoding', () => {
  it.each(['br', 'gzip', 'none'] as const)('round-trips a payload with %s', async (codec) => {
    for (const payload of [Buffer.alloc(0), Buffer.from('[]'), text(4_000), text(200_000), randomBytes(70_000)]) {
      const encoded = await encodeArtifact('large-file', 'ab'.repeat(16), payload, codec);
      const decoded = await decodeArtifact(encoded, 'large-file', 'ab'.repeat(16));
      expect(Buffer.isBuffer(decoded) && decoded.equals(payload)).toBe(true);
    }
  });

  it('compresses text payloads and leaves tiny ones alone', async () => {
    const payload = text(50_000);
    const encoded = await encodeArtifact('ns', 'cd'.repeat(16), payload);
    expect(encoded.length).toBeLessThan(payload.length / 4);
    const tiny = Buffer.from('x'.repeat(COMPRESS_MIN_BYTES - 1));
    const header = (await encodeArtifact('ns', 'cd'.repeat(16), tiny)).toString('latin1');
    expect(header).toContain('"z":"none"');
  });

  it('refuses truncated, corrupt, foreign and misplaced artifacts', async () => {
    const payload = text(10_000);
    const encoded = await encodeArtifact('ns', 'ef'.repeat(16), payload);
    expect(await decodeArtifact(encoded.subarray(0, encoded.length - 10), 'ns', 'ef'.repeat(16))).toMatch(
      /decompress|bytes|checksum/,
    );
    expect(await decodeArtifact(encoded.subarray(0, 12), 'ns', 'ef'.repeat(16))).toBe('truncated header');
    expect(await decodeArtifact(encoded, 'ns', '00'.repeat(16))).toBe('artifact belongs to another entry');
    expect(await decodeArtifact(encoded, 'other', 'ef'.repeat(16))).toBe('artifact belongs to another entry');
    expect(await decodeArtifact(Buffer.from('turbo tarball'), 'ns', 'ef'.repeat(16))).toBe('not a warmbuild artifact');

    // Same length, one payload byte changed, still a valid stream: only the checksum can tell.
    const raw = await encodeArtifact('ns', 'ef'.repeat(16), Buffer.from('y'.repeat(100)), 'none');
    raw[raw.length - 1] = 'z'.charCodeAt(0);
    expect(await decodeArtifact(raw, 'ns', 'ef'.repeat(16))).toBe('checksum mismatch');
  });

  it('bounds decompression by the declared size (no inflation bomb)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(10_000_000));
    const header = Buffer.from(JSON.stringify({ n: 'ns', k: 'k', z: 'gzip', s: 100, c: '0' }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const result = await decodeArtifact(Buffer.concat([Buffer.from('WBR1'), length, header, bomb]), 'ns', 'k');
    expect(result).toMatch(/cannot decompress|bytes/);
  });

  it('gives distinct ids per namespace and key', () => {
    expect(artifactId('a', 'k1')).toMatch(/^[0-9a-f]{32}$/);
    expect(artifactId('a', 'k1')).not.toBe(artifactId('b', 'k1'));
    expect(artifactId('a', 'k1')).not.toBe(artifactId('a', 'k2'));
  });
});

describe('x-artifact-tag signatures (Turborepo scheme)', () => {
  const body = Buffer.from('the artifact body as bytes');

  it("matches turborepo-cache's construction: HMAC-SHA256 over {hash,teamId} JSON then the body, base64 without padding", () => {
    const expected = createHmac('sha256', 'my-secret-key-env')
      .update(Buffer.concat([Buffer.from('{"hash":"the-artifact-hash","teamId":"team_someid"}'), body]))
      .digest('base64')
      .replace(/=+$/, '');
    const tag = signArtifact('my-secret-key-env', 'the-artifact-hash', 'team_someid', body);
    expect(tag).toBe(expected);
    expect(tag).not.toContain('=');
  });

  it('verifies its own tags (padded or not) and refuses a wrong key, team, hash or body', () => {
    const tag = signArtifact('k', 'h', 'team_x', body);
    expect(verifyArtifact('k', 'h', 'team_x', body, tag)).toBe(true);
    expect(verifyArtifact('k', 'h', 'team_x', body, `${tag}=`)).toBe(true);
    expect(verifyArtifact('other', 'h', 'team_x', body, tag)).toBe(false);
    expect(verifyArtifact('k', 'h', 'team_y', body, tag)).toBe(false);
    expect(verifyArtifact('k', 'h2', 'team_x', body, tag)).toBe(false);
    expect(verifyArtifact('k', 'h', 'team_x', Buffer.from('tampered'), tag)).toBe(false);
    expect(verifyArtifact('k', 'h', 'team_x', body, undefined)).toBe(false);
    expect(verifyArtifact('k', 'h', 'team_x', body, 'bm90IGEgdGFn')).toBe(false);
  });
});
