import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded: typeof import('node:crypto') | undefined;

/**
 * node:crypto, loaded on first use. A static import loads it (some twenty internal modules)
 * at the start of every run, and a warm check with nothing changed never needs it: content
 * hashes are xxh64, and its other users (SARIF fingerprints, remote signatures, the graph's
 * compile cache, the sha1 fallback) run only when asked for.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return (loaded ??= require('node:crypto') as typeof import('node:crypto'));
}
