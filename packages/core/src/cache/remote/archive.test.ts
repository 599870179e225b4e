import { describe, expect, it } from 'vitest';
import { decodeArchive, encodeArchive, runArchiveKey } from './archive.js';

describe('archive payload', () => {
  it('round-trips entries, empty values and unicode namespaces included', () => {
    const entries = [
      { namespace: 'large-file', key: 'a'.repeat(32), value: Buffer.from('[]') },
      { namespace: 'docs.links', key: 'b'.repeat(32), value: Buffer.alloc(0) },
      { namespace: 'ns-é', key: 'c'.repeat(32), value: Buffer.from('x'.repeat(70_000)) },
    ];
    const decoded = decodeArchive(encodeArchive(entries))!;
    expect(decoded.size).toBe(3);
    for (const entry of entries)
      expect(decoded.get(`${entry.namespace}\0${entry.key}`)!.equals(entry.value)).toBe(true);
  });

  it('refuses a cut or padded payload', () => {
    const bytes = encodeArchive([{ namespace: 'n', key: 'k', value: Buffer.from('value') }]);
    expect(decodeArchive(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeArchive(Buffer.concat([bytes, Buffer.from('!')]))).toBeUndefined();
    expect(decodeArchive(Buffer.alloc(2))).toBeUndefined();
  });
});

describe('runArchiveKey', () => {
  const files = [
    { path: 'b.ts', hash: '2', status: 'ok' },
    { path: 'a.ts', hash: '1', status: 'ok' },
    { path: 'broken', status: 'error' },
  ];
  it('is the same for the same files in any order, and changes with a content hash or the rule selection', () => {
    expect(runArchiveKey(files, undefined)).toBe(runArchiveKey([...files].reverse(), undefined));
    expect(runArchiveKey(files, undefined)).not.toBe(
      runArchiveKey([{ ...files[0], hash: '3' }, files[1], files[2]], undefined),
    );
    expect(runArchiveKey(files, ['large-file'])).not.toBe(runArchiveKey(files, undefined));
    expect(runArchiveKey(files, ['a', 'b'])).toBe(runArchiveKey(files, new Set(['b', 'a'])));
  });
});
