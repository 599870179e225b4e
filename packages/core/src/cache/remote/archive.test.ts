import { describe, expect, it } from 'vitest';
import { decodeBundle, encodeBundle, runBundleKey } from './archive.js';

describe('bundle payload', () => {
  it('round-trips entries, empty values and unicode namespaces included', () => {
    const entries = [
      { namespace: 'large-file', key: 'a'.repeat(32), value: Buffer.from('[]') },
      { namespace: 'docs.links', key: 'b'.repeat(32), value: Buffer.alloc(0) },
      { namespace: 'ns-é', key: 'c'.repeat(32), value: Buffer.from('x'.repeat(70_000)) },
    ];
    const decoded = decodeBundle(encodeBundle(entries))!;
    expect(decoded.size).toBe(3);
    for (const entry of entries) expect(decoded.get(`${entry.namespace}\0${entry.key}`)!.equals(entry.value)).toBe(true);
  });

  it('refuses a cut or padded payload', () => {
    const bytes = encodeBundle([{ namespace: 'n', key: 'k', value: Buffer.from('value') }]);
    expect(decodeBundle(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeBundle(Buffer.concat([bytes, Buffer.from('!')]))).toBeUndefined();
    expect(decodeBundle(Buffer.alloc(2))).toBeUndefined();
  });
});

describe('runBundleKey', () => {
  const files = [
    { path: 'b.ts', hash: '2', status: 'ok' },
    { path: 'a.ts', hash: '1', status: 'ok' },
    { path: 'broken', status: 'error' },
  ];
  it('is the same for the same files in any order, and changes with a content hash or the rule selection', () => {
    expect(runBundleKey(files, undefined)).toBe(runBundleKey([...files].reverse(), undefined));
    expect(runBundleKey(files, undefined)).not.toBe(runBundleKey([{ ...files[0], hash: '3' }, files[1], files[2]], undefined));
    expect(runBundleKey(files, ['large-file'])).not.toBe(runBundleKey(files, undefined));
    expect(runBundleKey(files, ['a', 'b'])).toBe(runBundleKey(files, new Set(['b', 'a'])));
  });
});
