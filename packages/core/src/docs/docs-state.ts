import type { LoadedFile } from '../files/loader.js';
import type { Finding } from '../types.js';
import { hashContent } from '../cache/hash.js';
import type { LinkFact, MentionFact } from './scan-markdown.js';

/**
 * What the doc validator keeps between runs, in two cache entries per configuration:
 *
 * - the summary: `<digest>\n<json>`, every file's findings. The digest covers every discovered
 *   path and every markdown file's hash, so a run with no change compares one line and parses
 *   only the findings it prints: no markdown, no parser, no index.
 * - the index: per markdown file its hash and its side of the cross-references in a compact
 *   form (links, mentions, anchors, the paths its result depends on). Read only when something
 *   changed, to re-lint the changed files and re-resolve the files whose links point at them.
 *
 * Both are written in the same run; the index names the summary's digest (`run`), and a pair
 * that does not match is not used together.
 */
export const DOCS_STATE_VERSION = 3;

/** [kind: 0 link, 1 image, 2 definition, target, line, column] */
export type CompactLink = [number, string, number, number];
/** [kind: 0 code, 1 comment, target, line, column, name?] */
export type CompactMention = [number, string, number, number, string?];

/**
 * [hash, links (JSON of CompactLink[]), mentions (JSON of CompactMention[]), anchors (joinList),
 * deps (joinList; null: never resolved), volatile (1: found outside the discovered files)].
 * Strings, not arrays: an edit parses the whole index but looks inside only a few rows, and
 * JSON.parse of one string per field is several times cheaper than of ~100,000 small values.
 */
export type IndexRow = [string, string, string, string, string | null, 0 | 1];

export interface DocsIndex {
  v: number;
  /** Digest of the run that wrote it (the summary written with it carries the same). */
  run: string;
  /** Every discovered path: additions and deletions change link targets. */
  paths: string[];
  files: Record<string, IndexRow>;
}

export interface DocsSummary {
  v: number;
  /** Per markdown file: [style findings (and the invalid UTF-8 note), cross-reference findings or null]. */
  files: Record<string, [Finding[], Finding[] | null]>;
  /** A cross-reference result depended on a path outside the discovered files: never trust the digest. */
  volatile: boolean;
}

const LINK_KINDS: LinkFact['kind'][] = ['link', 'image', 'definition'];
const MENTION_KINDS: MentionFact['kind'][] = ['code', 'comment'];

export function encodeLinks(links: readonly LinkFact[]): string {
  return JSON.stringify(links.map((link): CompactLink => [LINK_KINDS.indexOf(link.kind), link.target, link.line, link.column]));
}

export function decodeLinks(text: string): LinkFact[] {
  return (JSON.parse(text) as CompactLink[]).map(([kind, target, line, column]) => ({ kind: LINK_KINDS[kind], target, line, column }));
}

export function encodeMentions(mentions: readonly MentionFact[]): string {
  return JSON.stringify(
    mentions.map((mention) => {
      const row: CompactMention = [MENTION_KINDS.indexOf(mention.kind), mention.target, mention.line, mention.column];
      if (mention.name !== undefined) row.push(mention.name);
      return row;
    }),
  );
}

/** A list of paths or anchors as one string, NUL-separated (markdown-it replaces NUL in a document, and no path holds one). */
export function joinList(values: readonly string[]): string {
  return values.join('\0');
}

export function splitList(text: string): string[] {
  return text === '' ? [] : text.split('\0');
}

/** Whether a joined list holds one of `wanted`, without splitting it. */
export function listHasAny(text: string, wanted: ReadonlySet<string>): boolean {
  if (text === '' || wanted.size === 0) return false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\0', start);
    if (end === -1) end = text.length;
    if (wanted.has(text.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

export function decodeMentions(text: string): MentionFact[] {
  return (JSON.parse(text) as CompactMention[]).map(([kind, target, line, column, name]) => {
    const mention: MentionFact = { kind: MENTION_KINDS[kind], target, line, column };
    if (name !== undefined) mention.name = name;
    return mention;
  });
}

/**
 * Digest of everything the findings depend on besides the configuration (which is in the key):
 * every discovered path (link targets), each markdown file's content hash, the GitHub URL
 * prefixes treated as local.
 */
export function runDigest(files: readonly LoadedFile[], markdown: ReadonlySet<string>, githubPrefixes: readonly string[]): string {
  let text = `${DOCS_STATE_VERSION}\n${githubPrefixes.join(' ')}\n`;
  for (const file of files) {
    text += markdown.has(file.path) ? `${file.path}\t${file.hash}\n` : `${file.path}\n`;
  }
  return hashContent(text);
}

/** The summary entry's bytes: the digest line, then the JSON. */
export function encodeSummary(digest: string, summary: DocsSummary): string {
  return `${digest}\n${JSON.stringify(summary)}`;
}

/** The digest line of a summary entry, and a parser for the rest (only called when it is needed). */
export function splitSummary(bytes: Buffer | undefined): { digest: string; parse(): DocsSummary | undefined } | undefined {
  if (!bytes) return undefined;
  const newline = bytes.indexOf(10);
  if (newline <= 0) return undefined;
  return {
    digest: bytes.toString('latin1', 0, newline),
    parse() {
      try {
        const parsed = JSON.parse(bytes.toString('utf8', newline + 1)) as DocsSummary;
        return parsed?.v === DOCS_STATE_VERSION && parsed.files && typeof parsed.files === 'object' ? parsed : undefined;
      } catch {
        // Checksummed on disk, so only a writer bug gets here; recomputing is the right answer.
        return undefined;
      }
    },
  };
}
