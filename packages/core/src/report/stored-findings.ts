import type { Finding, Severity } from '../types.js';
import { compareFindings } from './findings.js';

/**
 * Findings kept between runs in the form the JSON report prints them, so that a run that
 * changed nothing prints thousands of findings without parsing them back into objects.
 *
 * A block is one file's findings, sorted: a JSON array of their messages, a newline, then
 * each finding as `formatJson` prints it (indented for its place in the report) joined by
 * `,\n`. The sort keys (rule, severity, line, column) travel beside it as small integers.
 * A finding from a block (`StoredFinding`) has the fields the run sorts and filters by; its
 * message is read from the block's message array, everything else only when asked for
 * (`materializeFindings`), never on the way to a JSON report.
 */

/** Indentation of a finding inside `{ "findings": [ ... ] }` printed with two spaces. */
const ITEM_INDENT = '    ';
/** Only the end of a finding starts a line with exactly the item indentation and `}`. */
const ITEM_BOUNDARY = `\n${ITEM_INDENT}},\n`;

/** A finding as the JSON report prints it, indented for its place in the findings array. */
export function renderFinding(finding: Finding): string {
  return ITEM_INDENT + JSON.stringify(finding, null, 2).replaceAll('\n', `\n${ITEM_INDENT}`);
}

/** What one block holds: kinds are [rule, severity, tag, aliases]; keys are kind, line, column per finding. */
export interface BlockMeta {
  kinds: [rule: string, severity: Severity, tag: number, aliases: string[] | null][];
  keys: number[];
}

/**
 * Encode one file's findings as a block. `tags` marks each finding with a small number the
 * caller reads back (the doc validator: own finding or cross-reference). Returns the meta
 * (JSON, for the index part of an entry) and the payload (messages and printed findings).
 */
export function encodeBlock(findings: readonly Finding[], tags: readonly number[]): { meta: string; payload: string } {
  const order = findings.map((_, i) => i).sort((x, y) => compareFindings(findings[x], findings[y]) || x - y);
  const kinds: BlockMeta['kinds'] = [];
  const kindIndex = new Map<string, number>();
  const keys: number[] = [];
  const messages: string[] = [];
  const printed: string[] = [];
  for (const i of order) {
    const finding = findings[i];
    // Rule settings are looked up by alias too: aliases travel with the kind, as they are per rule.
    const aliases = Array.isArray(finding.aliases) ? finding.aliases : null;
    const id = `${finding.rule}\0${finding.severity}\0${tags[i]}\0${aliases?.join('\0') ?? '-'}`;
    let kind = kindIndex.get(id);
    if (kind === undefined) {
      kind = kinds.length;
      kinds.push([finding.rule, finding.severity, tags[i], aliases]);
      kindIndex.set(id, kind);
    }
    keys.push(kind, finding.line, finding.column);
    messages.push(finding.message);
    printed.push(renderFinding(finding));
  }
  return { meta: JSON.stringify({ kinds, keys } satisfies BlockMeta), payload: `${JSON.stringify(messages)}\n${printed.join(',\n')}` };
}

/** A block read back: its payload is parsed only as far as a caller needs. */
export class FindingBlock {
  #messages: string[] | undefined;
  #items: string[] | undefined;
  #text: string | undefined;

  constructor(
    readonly file: string,
    readonly meta: BlockMeta,
    /** The payload's bytes (messages line, then printed findings), undecoded. */
    readonly payload: Uint8Array,
  ) {}

  get length(): number {
    return this.meta.keys.length / 3;
  }

  /** Offset of the printed findings in the payload. */
  #printedStart(): number {
    return this.payload.indexOf(10) + 1;
  }

  /** The printed findings, all of them, as bytes: what a JSON report writes for this block. */
  printedBytes(): Uint8Array {
    return this.payload.subarray(this.#printedStart());
  }

  message(index: number): string {
    this.#messages ??= JSON.parse(Buffer.from(this.payload.buffer, this.payload.byteOffset, this.#printedStart() - 1).toString('utf8')) as string[];
    return this.#messages[index];
  }

  /** The printed text of one finding. */
  printed(index: number): string {
    this.#text ??= Buffer.from(this.payload.buffer, this.payload.byteOffset + this.#printedStart(), this.payload.byteLength - this.#printedStart()).toString('utf8');
    this.#items ??= this.#text.split(ITEM_BOUNDARY).map((item, i, all) => (i < all.length - 1 ? `${item}\n${ITEM_INDENT}}` : item));
    return this.#items[index];
  }

  /** Findings of this block, in block order (sorted). */
  findings(): StoredFinding[] {
    const { kinds, keys } = this.meta;
    const out: StoredFinding[] = new Array(keys.length / 3);
    for (let i = 0, k = 0; k < keys.length; i++, k += 3) {
      const kind = kinds[keys[k]];
      out[i] = new StoredFinding(kind[0], kind[1], this.file, keys[k + 1], keys[k + 2], this, i, kind[2]);
    }
    return out;
  }
}

/**
 * A finding from a stored block. It is a `Finding` for everything a run does with findings
 * (filter by rule, change severity, sort, count, print as text); the fields beyond the
 * message are in its printed JSON, read by `materializeFindings`.
 */
export class StoredFinding implements Finding {
  [key: string]: unknown;
  constructor(
    public rule: string,
    public severity: Severity,
    public file: string,
    public line: number,
    public column: number,
    readonly block: FindingBlock,
    readonly index: number,
    readonly tag: number,
  ) {}

  get message(): string {
    return this.block.message(this.index);
  }

  get aliases(): string[] | undefined {
    return this.block.meta.kinds[this.block.meta.keys[this.index * 3]][3] ?? undefined;
  }

  /** Whether the printed JSON still says what this finding says (a rule setting can change severity). */
  get printedAsIs(): boolean {
    return this.severity === this.block.meta.kinds[this.block.meta.keys[this.index * 3]][1];
  }

  /** This finding as the JSON report prints it, with any severity change since it was stored. */
  printed(): string {
    const text = this.block.printed(this.index);
    if (this.printedAsIs) return text;
    // Top-level fields are the only lines at this indentation, and severity is always one.
    const stored = this.block.meta.kinds[this.block.meta.keys[this.index * 3]][1];
    return text.replace(`\n${ITEM_INDENT}  "severity": "${stored}"`, `\n${ITEM_INDENT}  "severity": ${JSON.stringify(this.severity)}`);
  }

  /** The plain object, as the run that computed it returned it (with any severity change since). */
  materialize(): Finding {
    const finding = JSON.parse(this.block.printed(this.index)) as Finding;
    finding.severity = this.severity;
    return finding;
  }
}

/** Where a run's result keeps its findings as the formatters take them (stored ones unparsed). */
export const REPORT_FINDINGS = Symbol('warmbuild.reportFindings');

/** The findings of a run result for a report: stored findings stay unparsed. */
export function reportFindings(result: { findings: Finding[]; [REPORT_FINDINGS]?: Finding[] }): Finding[] {
  return result[REPORT_FINDINGS] ?? result.findings;
}

/** Plain findings for callers outside the report path (plugins, SARIF, the public API). */
export function materializeFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((finding) => (finding instanceof StoredFinding ? finding.materialize() : finding));
}

/**
 * The JSON report's text as chunks, to be written in order: a stored block whose findings
 * are all present, contiguous and unchanged is written as its stored bytes; anything else
 * is printed finding by finding. Same bytes as `JSON.stringify({ findings, stats }, null, 2)`.
 */
export function renderJsonReport(findings: readonly Finding[], stats: Record<string, unknown>): (string | Uint8Array)[] {
  const stats2 = JSON.stringify(stats, null, 2).replaceAll('\n', '\n  ');
  if (findings.length === 0) return [`{\n  "findings": [],\n  "stats": ${stats2}\n}\n`];
  const chunks: (string | Uint8Array)[] = ['{\n  "findings": [\n'];
  let pending = '';
  for (let i = 0; i < findings.length; ) {
    const finding = findings[i];
    if (i > 0) pending += ',\n';
    if (finding instanceof StoredFinding && finding.index === 0) {
      const block = finding.block;
      let run = 1;
      while (run < block.length && i + run < findings.length) {
        const next = findings[i + run];
        if (!(next instanceof StoredFinding) || next.block !== block || next.index !== run || !next.printedAsIs) break;
        run++;
      }
      if (run === block.length && finding.printedAsIs) {
        if (pending) chunks.push(pending);
        pending = '';
        chunks.push(block.printedBytes());
        i += run;
        continue;
      }
    }
    if (finding instanceof StoredFinding) pending += finding.printed();
    else pending += renderFinding(finding);
    // Keep strings to a size the writer handles in one piece.
    if (pending.length > 1 << 20) {
      chunks.push(pending);
      pending = '';
    }
    i++;
  }
  chunks.push(`${pending}\n  ],\n  "stats": ${stats2}\n}\n`);
  return chunks;
}
