import { hashContent } from './hash.js';

/**
 * JSON state files (the file-state index, directory listings) stored as
 * `<32 hex checksum of the JSON>\n<JSON>`. A flipped bit in a row of such a file would still
 * parse and be trusted (a 0 turned 1 marked a file binary and dropped its findings): every
 * stored structure that can change a result carries a checksum, and one that fails is discarded.
 */
const CHECKSUM_LENGTH = 32;

export function encodeCheckedJson(value: unknown): string {
  const json = JSON.stringify(value);
  return `${hashContent(json)}\n${json}`;
}

/** The parsed value, or the reason the text is not a valid checked file (caller counts it corrupt). */
export function decodeCheckedJson(text: string): { value: unknown } | { corrupt: string } {
  if (text.length < CHECKSUM_LENGTH + 1 || text[CHECKSUM_LENGTH] !== '\n') return { corrupt: 'no checksum line' };
  const json = text.slice(CHECKSUM_LENGTH + 1);
  if (hashContent(json) !== text.slice(0, CHECKSUM_LENGTH)) return { corrupt: 'checksum mismatch' };
  try {
    return { value: JSON.parse(json) as unknown };
  } catch {
    return { corrupt: 'unparsable' };
  }
}
