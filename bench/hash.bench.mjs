// Which content hash: Node's crypto against the xxhash packages, side by side in one run.
import crypto from 'node:crypto';
import { xxh64, xxh3 } from '@node-rs/xxhash';
import xxhashWasm from 'xxhash-wasm';
import { table } from './lib.mjs';

export default async function hashBench() {
  const wasm = await xxhashWasm();
  const seedB = 0x9e3779b97f4a7c15n;
  const candidates = {
    'crypto.hash sha1': (buf) => crypto.hash('sha1', buf),
    'createHash sha256': (buf) => crypto.createHash('sha256').update(buf).digest('hex'),
    'createHash md5': (buf) => crypto.createHash('md5').update(buf).digest('hex'),
    '@node-rs/xxhash xxh3-128': (buf) => xxh3.xxh128(buf).toString(16),
    '@node-rs/xxhash xxh64': (buf) => xxh64(buf).toString(16),
    '@node-rs/xxhash xxh64 x2 (used)': (buf) => xxh64(buf, 0n).toString(16) + xxh64(buf, seedB).toString(16),
    'xxhash-wasm h64': (buf) => wasm.h64Raw(buf).toString(16),
  };
  const sizes = [512, 4096, 65536, 1 << 20];
  const rows = [];
  for (const [name, fn] of Object.entries(candidates)) {
    const row = [name];
    for (const size of sizes) {
      const buf = crypto.randomBytes(size);
      const iterations = Math.max(100, Math.floor(100e6 / size));
      for (let i = 0; i < 50; i++) fn(buf);
      const started = performance.now();
      for (let i = 0; i < iterations; i++) fn(buf);
      const seconds = (performance.now() - started) / 1000;
      row.push(`${((size * iterations) / 1e6 / seconds).toFixed(0)} MB/s`);
    }
    rows.push(row);
  }
  table(['hash', '512 B', '4 KB', '64 KB', '1 MB'], rows);
}
