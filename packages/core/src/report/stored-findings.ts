import type { Finding, Severity } from '../types.js';
import { compareFindings } from './findings.js';

/**
 * Findings kept between runs in the form the JSON report prints them, so that a run that
 * changed nothing prints thousands of findings without parsing them back into objects.
 *
 * A block is one file's findings, sorted, in two parts: its head, their sort keys (kind, line,
 * column) as binary numbers then a JSON array of their messages; and its printed part, each
 * finding as `formatJson` prints it (indented for its place in the report) joined by `,\n`.
 * Kinds (rule, severity, tag, aliases) are in the block's meta, kept apart (a row of a store).
 * A store that keeps the printed parts of blocks one after the other, joined by `,\n` as well,
 * lets a report of many whole blocks be written as one range of its bytes (report-items.ts).
 * A finding from a block (`StoredFinding`) has the fields the run sorts and filters by; its
 * message is read from the block's message array, everything else only when asked for
 * (`materializeFindings`), never on the way to a JSON report.
 */

/** Indentation of a finding inside `{ "findings": [ ... ] }` printed with two spaces. */
const ITEM_INDENT = '    ';
/** A finding's own severity: the only `"severity"` key at this indentation, followed by its value's quote. */
const SEVERITY_LINE = Buffer.from(`\n${ITEM_INDENT}  "severity": "`);
/** Only the end of a finding starts a line with exactly the item indentation and `}`. */
const ITEM_BOUNDARY = `\n${ITEM_INDENT}},\n`;

/** A finding as the JSON report prints it, indented for its place in the findings array. */
export function renderFinding(finding: Finding): string {
  return ITEM_INDENT + JSON.stringify(finding, null, 2).replaceAll('\n', `\n${ITEM_INDENT}`);
}

/** What one block's meta says: its kinds [rule, severity, tag, aliases] and how many findings it holds. */
export interface BlockMeta {
  kinds: [rule: string, severity: Severity, tag: number, aliases: string[] | null][];
  count: number;
}

/** Bytes of one finding's sort keys in a block's head: kind, line, column as float64 (read without parsing). */
const KEY_BYTES = 24;

/**
 * Encode one file's findings as a block. `tags` marks each finding with a small number the
 * caller reads back (the doc validator: own finding or cross-reference). Returns the meta
 * (for the row part of an entry), the head (sort keys, then the messages as JSON) and
 * the printed findings.
 */
export function encodeBlock(
  findings: readonly Finding[],
  tags: readonly number[],
): { meta: BlockMeta; head: Buffer; printed: Buffer } {
  const order = findings.map((_, i) => i).sort((x, y) => compareFindings(findings[x], findings[y]) || x - y);
  const kinds: BlockMeta['kinds'] = [];
  const kindIndex = new Map<string, number>();
  const keys = Buffer.alloc(order.length * KEY_BYTES);
  const messages: string[] = [];
  const printed: string[] = [];
  order.forEach((i, position) => {
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
    keys.writeDoubleLE(kind, position * KEY_BYTES);
    keys.writeDoubleLE(finding.line, position * KEY_BYTES + 8);
    keys.writeDoubleLE(finding.column, position * KEY_BYTES + 16);
    messages.push(finding.message);
    printed.push(renderFinding(finding));
  });
  return {
    meta: { kinds, count: order.length },
    head: Buffer.concat([keys, Buffer.from(JSON.stringify(messages))]),
    printed: Buffer.from(printed.join(',\n')),
  };
}

/** Separator of printed findings, and of printed blocks kept one after the other. */
export const PRINTED_SEPARATOR = ',\n';

/**
 * Whether a meta read back can describe a head and a printed part of these sizes, and the
 * printed part looks like a writer's (any other is a writer bug or another format). Checked
 * before a block's bytes are printed as they are; its sort keys are read only by a report that
 * needs them (text), and are covered, like every byte, by the entry's checksum.
 */
export function isBlockOf(meta: BlockMeta, head: Uint8Array, printed: Uint8Array): boolean {
  if (
    typeof meta !== 'object' ||
    meta === null ||
    !Number.isSafeInteger(meta.count) ||
    meta.count < 0 ||
    meta.count * KEY_BYTES + 2 > head.byteLength ||
    !Array.isArray(meta.kinds) ||
    (meta.count > 0 && meta.kinds.length === 0) ||
    !meta.kinds.every((kind) => Array.isArray(kind) && typeof kind[0] === 'string' && typeof kind[1] === 'string')
  ) {
    return false;
  }
  // A finding prints as `    {` ... `    }`; an empty block prints nothing.
  if (meta.count === 0) return printed.byteLength === 0;
  const last = printed.byteLength - 1;
  return (
    printed.byteLength >= 10 &&
    printed[4] === 0x7b &&
    printed[last] === 0x7d &&
    printed[last - 1] === 0x20 &&
    head[meta.count * KEY_BYTES] === 0x5b
  );
}

/**
 * A block read back: its bytes are parsed only as far as a caller needs. A run hands a block
 * on whole (a check's result, the report's items) when all its findings are reported as
 * stored: a JSON report then writes its bytes, a text report reads its sort keys and messages.
 */
export class FindingBlock {
  #messages: string[] | undefined;
  #items: string[] | undefined;
  #keys: DataView | undefined;

  constructor(
    readonly file: string,
    readonly meta: BlockMeta,
    /** Sort keys and the messages' JSON, undecoded. */
    readonly head: Uint8Array,
    /** The findings as the JSON report prints them, undecoded. */
    readonly printedPart: Uint8Array,
  ) {}

  get length(): number {
    return this.meta.count;
  }

  #key(index: number, field: number): number {
    this.#keys ??= new DataView(this.head.buffer, this.head.byteOffset, this.meta.count * KEY_BYTES);
    return this.#keys.getFloat64(index * KEY_BYTES + field * 8, true);
  }

  /** Index of the finding's kind in `meta.kinds`. */
  kindAt(index: number): number {
    const kind = this.#key(index, 0);
    // Checksummed on disk: a kind out of range is a writer bug, and must not pass as a finding.
    if (this.meta.kinds[kind] === undefined)
      throw new Error(`stored findings of ${this.file}: kind ${kind} out of range`);
    return kind;
  }

  lineAt(index: number): number {
    return this.#key(index, 1);
  }

  columnAt(index: number): number {
    return this.#key(index, 2);
  }

  /** Whether a finding of this (stored) severity is in the block (a writer lists only kinds it uses). */
  holds(severity: Severity): boolean {
    return this.meta.count > 0 && this.meta.kinds.some((kind) => kind[1] === severity);
  }

  /** The printed findings, all of them, as bytes: what a JSON report writes for this block. */
  printedBytes(): Uint8Array {
    return this.printedPart;
  }

  message(index: number): string {
    this.#messages ??= JSON.parse(text(this.head, this.meta.count * KEY_BYTES, this.head.byteLength)) as string[];
    return this.#messages[index];
  }

  /** The printed text of one finding. */
  printed(index: number): string {
    this.#items ??= text(this.printedPart, 0, this.printedPart.byteLength)
      .split(ITEM_BOUNDARY)
      .map((item, i, all) => (i < all.length - 1 ? `${item}\n${ITEM_INDENT}}` : item));
    return this.#items[index];
  }

  /** Findings of this block, in block order (sorted). */
  findings(): StoredFinding[] {
    const { kinds, count } = this.meta;
    const out: StoredFinding[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const kind = this.kindAt(i);
      const [rule, severity] = kinds[kind];
      out[i] = new StoredFinding(rule, severity, this.file, this.#key(i, 1), this.#key(i, 2), this, i, kind);
    }
    return out;
  }

  /**
   * This block with the severity of some kinds changed (a rule setting), its printed findings
   * rewritten to say so; undefined when the change could move a finding in the sort order (a
   * changed rule stored with two severities) or the printed part does not read as expected.
   */
  withSeverities(changed: readonly (Severity | undefined)[]): FindingBlock | undefined {
    const { kinds, count } = this.meta;
    for (let k = 0; k < kinds.length; k++) {
      if (changed[k] === undefined) continue;
      if (kinds.some((other, j) => j !== k && other[0] === kinds[k][0] && other[1] !== kinds[k][1])) return undefined;
    }
    const printed = Buffer.from(this.printedPart.buffer, this.printedPart.byteOffset, this.printedPart.byteLength);
    // Per kind: the stored value as printed (quoted, then the comma before the next key), and the new one.
    const stored = kinds.map((kind) => Buffer.from(`${JSON.stringify(kind[1])},`));
    const replacement = changed.map((severity) =>
      severity === undefined ? undefined : Buffer.from(JSON.stringify(severity)),
    );
    const parts: Uint8Array[] = [];
    let copied = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      // The i-th top-level severity line is the i-th finding's: nested keys are indented
      // deeper, and a string holds no raw line break.
      const found = printed.indexOf(SEVERITY_LINE, at);
      if (found === -1) return undefined;
      at = found + SEVERITY_LINE.length;
      const kind = this.kindAt(i);
      const next = replacement[kind];
      if (next === undefined) continue;
      const was = stored[kind];
      if (printed.compare(was, 0, was.length, at - 1, at - 1 + was.length) !== 0) return undefined;
      parts.push(printed.subarray(copied, at - 1), next);
      copied = at - 1 + was.length - 1;
    }
    if (printed.indexOf(SEVERITY_LINE, at) !== -1) return undefined;
    parts.push(printed.subarray(copied));
    const meta: BlockMeta = {
      kinds: kinds.map((kind, k) => (changed[k] === undefined ? kind : [kind[0], changed[k], kind[2], kind[3]])),
      count,
    };
    return new FindingBlock(this.file, meta, this.head, Buffer.concat(parts));
  }

  /** The plain objects, as stored (one parse of the printed part: a block handed on whole changed no severity). */
  materialize(): Finding[] {
    if (this.meta.count === 0) return [];
    return JSON.parse(`[${text(this.printedPart, 0, this.printedPart.byteLength)}]`) as Finding[];
  }
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
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
    /** Index of its kind in the block's meta. */
    readonly kind: number,
  ) {}

  /** The number the block's writer tagged this finding with. */
  get tag(): number {
    return this.block.meta.kinds[this.kind][2];
  }

  get message(): string {
    return this.block.message(this.index);
  }

  get aliases(): string[] | undefined {
    return this.block.meta.kinds[this.kind][3] ?? undefined;
  }

  /** Whether the printed JSON still says what this finding says (a rule setting can change severity). */
  get printedAsIs(): boolean {
    return this.severity === this.block.meta.kinds[this.kind][1];
  }

  /** This finding as the JSON report prints it, with any severity change since it was stored. */
  printed(): string {
    const text = this.block.printed(this.index);
    if (this.printedAsIs) return text;
    // Top-level fields are the only lines at this indentation, and severity is always one.
    const stored = this.block.meta.kinds[this.kind][1];
    return text.replace(
      `\n${ITEM_INDENT}  "severity": "${stored}"`,
      `\n${ITEM_INDENT}  "severity": ${JSON.stringify(this.severity)}`,
    );
  }

  /** The plain object, as the run that computed it returned it (with any severity change since). */
  materialize(): Finding {
    const finding = JSON.parse(this.block.printed(this.index)) as Finding;
    finding.severity = this.severity;
    return finding;
  }
}
