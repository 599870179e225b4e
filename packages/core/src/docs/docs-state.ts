import type { LoadedFile } from '../files/loader.js';
import type { Finding } from '../types.js';
import { hashContent } from '../cache/hash.js';
import type { LinkFact, MentionFact } from './scan-markdown.js';
import {
  encodeBlock,
  FindingBlock,
  isBlockOf,
  PRINTED_SEPARATOR,
  type BlockMeta,
  type StoredFinding,
} from '../report/stored-findings.js';

/**
 * What the doc validator keeps between runs, in two cache entries per configuration, each a
 * few header lines and then one line per markdown file (`JSON path` TAB fields). A line is
 * parsed only when its file is looked at, and an unchanged file's line is written back as is:
 *
 * - the summary: digest line, header, a table of a row per markdown file, then per file its
 *   findings' sort keys and messages, then all findings as the JSON report prints them (see
 *   splitSummary). The digest covers every discovered path and
 *   every markdown file's hash, so a run with no change compares one line, and prints the
 *   findings without parsing them back into objects: no markdown, no parser.
 * - the index: header (`run`: the summary's digest), every discovered path, then per file
 *   `hash TAB flags TAB [links, mentions, anchors, deps]`, flags '-' (links never resolved),
 *   '0' (resolved) or '1' (resolved, depends on a path outside the discovered files). Read
 *   when something changed: to find the changed files and the files whose links point at them.
 *
 * Both are written in the same run; a pair whose `run` and digest differ is not used together.
 */
export const DOCS_STATE_VERSION = 7;

/** [kind: 0 link, 1 image, 2 definition, target, line, column] */
export type CompactLink = [number, string, number, number];
/** [kind: 0 code, 1 comment, target, line, column, name?] */
export type CompactMention = [number, string, number, number, string?];
/** An index line's JSON: links, mentions, anchors, deps (null until resolved). */
export type IndexFacts = [CompactLink[], CompactMention[], string[], string[] | null];

/** Lines after the header lines, by path; values are the rest of the line after `JSON path` TAB. */
export type Rows = Map<string, string>;

export function encodeRows(header: readonly string[], rows: Rows): string {
  const parts = [...header];
  for (const [file, rest] of rows) parts.push(`${JSON.stringify(file)}\t${rest}`);
  return parts.join('\n');
}

/** Header lines and rows of an entry written by encodeRows; undefined when it is not one. */
export function decodeRows(text: string, headerLines: number): { header: string[]; rows: Rows } | undefined {
  const lines = text.split('\n');
  if (lines.length < headerLines) return undefined;
  const rows: Rows = new Map();
  for (let i = headerLines; i < lines.length; i++) {
    const line = lines[i];
    const tab = line.indexOf('\t');
    if (tab < 2) return undefined;
    const quoted = line.slice(0, tab);
    let file: string;
    try {
      file = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
    } catch {
      return undefined;
    }
    rows.set(file, line.slice(tab + 1));
  }
  return { header: lines.slice(0, headerLines), rows };
}

/** An index row: `hash TAB flags TAB json`. */
export function indexRow(hash: string, flags: '-' | '0' | '1', facts: IndexFacts): string {
  return `${hash}\t${flags}\t${JSON.stringify(facts)}`;
}

export function indexRowParts(rest: string): { hash: string; flags: string; json: string } {
  const first = rest.indexOf('\t');
  const second = rest.indexOf('\t', first + 1);
  return { hash: rest.slice(0, first), flags: rest.slice(first + 1, second), json: rest.slice(second + 1) };
}

const LINK_KINDS: LinkFact['kind'][] = ['link', 'image', 'definition'];
const MENTION_KINDS: MentionFact['kind'][] = ['code', 'comment'];

export function encodeLinks(links: readonly LinkFact[]): CompactLink[] {
  return links.map((link): CompactLink => [LINK_KINDS.indexOf(link.kind), link.target, link.line, link.column]);
}

export function decodeLinks(rows: readonly CompactLink[]): LinkFact[] {
  return rows.map(([kind, target, line, column]) => ({ kind: LINK_KINDS[kind], target, line, column }));
}

export function encodeMentions(mentions: readonly MentionFact[]): CompactMention[] {
  return mentions.map((mention) => {
    const row: CompactMention = [MENTION_KINDS.indexOf(mention.kind), mention.target, mention.line, mention.column];
    if (mention.name !== undefined) row.push(mention.name);
    return row;
  });
}

export function decodeMentions(rows: readonly CompactMention[]): MentionFact[] {
  return rows.map(([kind, target, line, column, name]) => {
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
export function runDigest(
  files: readonly LoadedFile[],
  markdown: ReadonlySet<string>,
  githubPrefixes: readonly string[],
): string {
  let text = `${DOCS_STATE_VERSION}\n${githubPrefixes.join(' ')}\n`;
  for (const file of files) {
    text += markdown.has(file.path) ? `${file.path}\t${file.hash}\n` : `${file.path}\n`;
  }
  return hashContent(text);
}

/**
 * One file's row in the summary: whether its cross-references were resolved, and its
 * findings as a block (report/stored-findings.ts): meta (kinds, count), head (sort keys and
 * messages) and printed part (the findings as the JSON report prints them). Tag 0: own
 * finding (style, invalid UTF-8), tag 1: cross-reference finding.
 */
export interface SummaryRow {
  crossResolved: boolean;
  meta: BlockMeta;
  /** The block's head and printed part, as read (an unchanged file's row is written back without decoding) or just encoded. */
  head: Uint8Array;
  printed: Uint8Array;
  /** The row's findings as a block, once made. */
  block?: FindingBlock;
}

export const OWN_TAG = 0;
export const CROSS_TAG = 1;

/** A summary row for freshly computed findings. */
export function summaryRow(own: readonly Finding[], cross: readonly Finding[] | null): SummaryRow {
  const block = encodeBlock(
    [...own, ...(cross ?? [])],
    [...own.map(() => OWN_TAG), ...(cross ?? []).map(() => CROSS_TAG)],
  );
  return { crossResolved: cross !== null, ...block };
}

/** A row's findings, sorted, parsed no further than their sort keys. */
export function rowFindings(file: string, row: SummaryRow): StoredFinding[] {
  return rowBlock(file, row).findings();
}

/** A row's findings as a block, not parsed at all. */
export function rowBlock(file: string, row: SummaryRow): FindingBlock {
  return (row.block ??= new FindingBlock(file, row.meta, row.head, row.printed));
}

/** The summary's digest line; its rows are read only when the digest is not enough. */
export interface StoredSummary {
  volatile: boolean;
  rows: Map<string, SummaryRow>;
}

/** A row of the summary's table: path, cross-resolved (1/0), meta, head byte length, printed byte length. */
type TableRow = [file: string, crossResolved: number, meta: BlockMeta, headLength: number, printedLength: number];

/**
 * Layout: digest line, header line (`v`, `volatile`, `rows`), the table (one JSON line: a row
 * per markdown file, in path order), then every head in row order, then every non-empty
 * printed part in row order, joined by `,\n`. Deciding that nothing changed reads the first
 * line; printing the findings parses the table and hands the blocks on undecoded, and a JSON
 * report of them all is one range of bytes.
 */
export function splitSummary(
  bytes: Buffer | undefined,
): { digest: string; read(): StoredSummary | undefined } | undefined {
  if (!bytes) return undefined;
  const newline = bytes.indexOf(10);
  if (newline <= 0) return undefined;
  return {
    digest: bytes.toString('latin1', 0, newline),
    read() {
      try {
        const headerEnd = bytes.indexOf(10, newline + 1);
        if (headerEnd === -1) return undefined;
        const header = JSON.parse(bytes.toString('utf8', newline + 1, headerEnd)) as {
          v?: number;
          volatile?: boolean;
          rows?: number;
        };
        if (header?.v !== DOCS_STATE_VERSION || typeof header.rows !== 'number') return undefined;
        const tableEnd = bytes.indexOf(10, headerEnd + 1);
        if (tableEnd === -1) return undefined;
        const table = JSON.parse(bytes.toString('utf8', headerEnd + 1, tableEnd)) as TableRow[];
        if (!Array.isArray(table) || table.length !== header.rows) return undefined;
        let at = tableEnd + 1;
        const heads: Buffer[] = [];
        for (const row of table) {
          const headLength = row[3];
          if (
            !Array.isArray(row) ||
            typeof row[0] !== 'string' ||
            !Number.isSafeInteger(headLength) ||
            headLength < 0 ||
            at + headLength > bytes.length
          )
            return undefined;
          heads.push(bytes.subarray(at, at + headLength));
          at += headLength;
        }
        const rows = new Map<string, SummaryRow>();
        let separated = false;
        for (let i = 0; i < table.length; i++) {
          const [file, crossResolved, meta, , printedLength] = table[i];
          if (!Number.isSafeInteger(printedLength) || printedLength < 0) return undefined;
          if (printedLength > 0 && separated) {
            if (bytes[at] !== 0x2c || bytes[at + 1] !== 0x0a) return undefined;
            at += PRINTED_SEPARATOR.length;
          }
          if (at + printedLength > bytes.length) return undefined;
          const printed = bytes.subarray(at, at + printedLength);
          at += printedLength;
          if (printedLength > 0) separated = true;
          // Its bytes may be printed as they are: a block that is not a writer's makes the summary a miss.
          if (!isBlockOf(meta, heads[i], printed)) return undefined;
          rows.set(file, { crossResolved: crossResolved === 1, meta, head: heads[i], printed });
        }
        if (at !== bytes.length) return undefined;
        return { volatile: header.volatile === true, rows };
      } catch {
        // Checksummed on disk, so only a writer bug gets here; recomputing is the right answer.
        return undefined;
      }
    },
  };
}

export function encodeSummary(digest: string, volatile: boolean, rows: ReadonlyMap<string, SummaryRow>): Buffer {
  // Path order (the report's): blocks reported whole are then one range of the printed parts.
  const files = [...rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const table: TableRow[] = [];
  const heads: Uint8Array[] = [];
  const printed: Uint8Array[] = [];
  const separator = Buffer.from(PRINTED_SEPARATOR);
  for (const file of files) {
    const row = rows.get(file)!;
    table.push([file, row.crossResolved ? 1 : 0, row.meta, row.head.byteLength, row.printed.byteLength]);
    heads.push(row.head);
    if (row.printed.byteLength === 0) continue;
    if (printed.length > 0) printed.push(separator);
    printed.push(row.printed);
  }
  const lines = [digest, JSON.stringify({ v: DOCS_STATE_VERSION, volatile, rows: rows.size }), JSON.stringify(table)];
  return Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), ...heads, ...printed]);
}

export function encodeIndex(run: string, paths: readonly string[], rows: Rows): string {
  return encodeRows([JSON.stringify({ v: DOCS_STATE_VERSION, run }), JSON.stringify(paths)], rows);
}

export function decodeIndex(bytes: Buffer | undefined): { run: string; paths: string[]; rows: Rows } | undefined {
  if (!bytes) return undefined;
  const decoded = decodeRows(bytes.toString('utf8'), 2);
  if (!decoded) return undefined;
  try {
    const header = JSON.parse(decoded.header[0]) as { v?: number; run?: string };
    const paths = JSON.parse(decoded.header[1]) as string[];
    if (header?.v !== DOCS_STATE_VERSION || typeof header.run !== 'string' || !Array.isArray(paths)) return undefined;
    return { run: header.run, paths, rows: decoded.rows };
  } catch {
    return undefined;
  }
}
