/**
 * Cache entries must not hold this machine's absolute paths (core's content cache refuses them).
 * Transform results do hold them: source map `sources`, ids embedded by plugins. Each occurrence
 * of the root becomes a token on store and the current root again on replay, so an entry made
 * in one checkout replays correctly in another.
 */
export const ROOT_TOKEN = '@@warmbuild-root@@';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Relocator {
  /** The JSON text with every root occurrence replaced by the token; undefined if it already held the token. */
  store(json: string): string | undefined;
  /** The JSON text with the token replaced by the current root. */
  replay(json: string): string;
}

/** `roots` are the spellings of the root (as given and its realpath); the first is used on replay. */
export function createRelocator(roots: readonly string[]): Relocator {
  // As the roots appear inside JSON strings (backslashes doubled on Windows); a root followed by a
  // name character is another directory (`/repo` vs `/repo-2`) and is left alone.
  const spelled = [...new Set(roots)]
    .filter((root) => root.length > 1)
    .map((root) => JSON.stringify(root).slice(1, -1))
    .sort((a, b) => b.length - a.length);
  const pattern =
    spelled.length > 0 ? new RegExp(`(?:${spelled.map(escapeRegExp).join('|')})(?![\\w.-])`, 'g') : undefined;
  const replayWith = spelled[0] ?? '';
  return {
    store(json) {
      if (json.includes(ROOT_TOKEN)) return undefined;
      return pattern ? json.replace(pattern, ROOT_TOKEN) : json;
    },
    replay(json) {
      return json.includes(ROOT_TOKEN) ? json.split(ROOT_TOKEN).join(replayWith) : json;
    },
  };
}
