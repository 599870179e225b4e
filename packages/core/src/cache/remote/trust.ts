import type { Logger } from '../../internal/logger.js';
import type { RemoteConfig } from './config.js';

/**
 * Namespaces whose entries are code that ships (transform results end up in dist/). Without a
 * signature, the checksum only proves the bytes are whole, not who wrote them: anyone holding
 * the token could plant code in every build that reads the cache. So these are taken from the
 * remote only with a valid signature, or when the user opted in by name (remote.allowUnsigned).
 */
const SIGNED_ONLY_NAMESPACES = new Set(['transform']);

export function requiresSignature(namespace: string): boolean {
  return SIGNED_ONLY_NAMESPACES.has(namespace);
}

/** Whether entries of `namespace` may be read from this remote at all. */
export function mayRead(config: RemoteConfig, namespace: string): boolean {
  return !requiresSignature(namespace) || config.signatureKey !== undefined || config.allowUnsigned;
}

// Every tier of the process (the CLI's, the checks plugin's, one per cached() plugin) talks to the
// same server: the user needs to read this once, not once per tier.
const warnedUnsigned = new Set<string>();

/**
 * One warning per server and process when the tier runs without a signature key, saying what
 * that allows: read-write when it starts, read-only when a transform lookup is first skipped.
 */
export function warnUnsigned(config: RemoteConfig, logger: Logger, when: 'start' | 'transform-skipped'): void {
  if (config.signatureKey) return;
  if (when === 'start' && config.readOnly) return;
  const where = `${config.url.origin}${config.url.pathname}`;
  if (warnedUnsigned.has(where)) return;
  warnedUnsigned.add(where);
  const transforms = config.allowUnsigned
    ? 'and, since remote.allowUnsigned is on, code that ships in your build output'
    : 'but not transform results: those are never taken from it without a signature (remote.allowUnsigned opts in)';
  logger.warn(
    `remote cache ${where} has no signature key: anyone holding a token for it can upload entries that this run takes as ` +
      `its own, check results (a planted finding, a real one dropped) ${transforms}. ` +
      'Set WARMBUILD_REMOTE_SIGNATURE_KEY (remote.signatureKey) to the same secret on every machine that writes to it.',
  );
}

/** For tests: forget which servers were warned about. */
export function resetUnsignedWarnings(): void {
  warnedUnsigned.clear();
}
