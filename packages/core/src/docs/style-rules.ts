import type { Finding } from '../types.js';
import { STYLE_RULES } from './docs-rules.js';
import type { CodeSpanFact, MarkdownFacts } from './scan-markdown.js';

export { STYLE_RULES, type StyleRuleDefinition } from './docs-rules.js';

// The six markdownlint rules warmbuild implements, ported rule for rule from markdownlint's
// lib/md001.mjs ... md013.mjs (the release below) onto warmbuild's scanner facts. Messages,
// lines and columns are markdownlint's; `pnpm test` diffs them against markdownlint itself.

/**
 * The markdownlint release whose rules these are. Part of the docs cache key (options.ts), and
 * the differential test fails when the installed oracle is another release: upgrading
 * markdownlint means porting its rule changes here and bumping this, which drops stale results.
 */
export const MARKDOWNLINT_VERSION = '0.42.1';

/** Options of one rule as markdownlint reads them (`true` = defaults). */
export type RuleOptions = Record<string, unknown>;

export interface StyleFinding {
  rule: string;
  line: number;
  column: number;
  message: string;
}

type Emit = (line: number, column: number, detail: string) => void;

/** Line flags, one byte per 1-based line (a Set per rule per file was a visible cost). */
const CODE = 1;
const PARAGRAPH = 2;
const INLINE_CODE = 4;
const HEADING = 8;
const TABLE = 16;
const DATA = 32;
const LINK = 64;
const DEFINITION = 128;

function markRange(marks: Uint8Array, start: number, end: number, flag: number): void {
  const last = Math.min(end, marks.length - 1);
  for (let line = Math.max(start, 0); line <= last; line++) marks[line] |= flag;
}

function detail(expected: unknown, actual: unknown): string {
  return `Expected: ${String(expected)}; Actual: ${String(actual)}`;
}

/**
 * markdownlint's frontMatterHasTitle: a `title:` in front matter stands for the h1, so the
 * first heading may be an h2 (0.39). `front_matter_title: ""` turns that off.
 */
function frontMatterHasTitle(frontMatter: readonly string[], pattern: unknown): boolean {
  if (pattern !== undefined && !pattern) return false;
  let titleRe: RegExp;
  try {
    titleRe = new RegExp(String(pattern || '^\\s*"?title"?\\s*[:=]'), 'i');
  } catch {
    // markdownlint would throw and report the rule as failed: no finding from it either way.
    return false;
  }
  return frontMatter.some((line) => titleRe.test(line));
}

function headingIncrement(lines: readonly string[], facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  const hasTitle =
    facts.frontMatterLines > 0 &&
    frontMatterHasTitle(lines.slice(0, facts.frontMatterLines), options.front_matter_title);
  let previous = hasTitle ? 1 : Number.MAX_SAFE_INTEGER;
  for (const heading of facts.headings) {
    // markdownlint's addErrorDetailIf: reported only when expected and actual differ.
    if (heading.level > previous && heading.level !== previous + 1)
      emit(heading.line, 1, detail(`h${previous + 1}`, `h${heading.level}`));
    previous = heading.level;
  }
}

function headingStyle(facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  let style = String(options.style || 'consistent');
  for (const heading of facts.headings) {
    const actual = heading.style;
    if (style === 'consistent') style = actual;
    if (actual === style) continue;
    const h12 = heading.level <= 2;
    const setextWithAtx = style === 'setext_with_atx' && ((h12 && actual === 'setext') || (!h12 && actual === 'atx'));
    const setextWithAtxClosed =
      style === 'setext_with_atx_closed' && ((h12 && actual === 'setext') || (!h12 && actual === 'atx_closed'));
    if (setextWithAtx || setextWithAtxClosed) continue;
    let expected = style;
    if (style === 'setext_with_atx') expected = h12 ? 'setext' : 'atx';
    else if (style === 'setext_with_atx_closed') expected = h12 ? 'setext' : 'atx_closed';
    emit(heading.line, 1, detail(expected, actual));
  }
}

function ulIndent(facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  const indent = Number(options.indent ?? 2);
  const startIndented = !!options.start_indented;
  const startIndent = Number(options.start_indent ?? indent);
  for (const bullet of facts.bullets) {
    if (bullet.nesting < 0) continue;
    const expected = (startIndented ? startIndent : 0) + bullet.nesting * indent;
    if (expected !== bullet.indent) emit(bullet.line, 1, detail(expected, bullet.indent));
  }
}

function noTrailingSpaces(lines: readonly string[], facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  const brSpaces = Number(options.br_spaces ?? 2);
  const strict = !!options.strict;
  // 0.39: `code_blocks: true` checks code block lines too (off unless set).
  const includeCode = options.code_blocks !== undefined && !!options.code_blocks;
  // Per 1-based line: CODE (fenced body or indented), PARAGRAPH and INLINE_CODE (strict only).
  const marks = new Uint8Array(lines.length + 2);
  if (!includeCode) {
    for (const { range } of facts.codeFenced) markRange(marks, range[0] + 1, range[1] - 1, CODE);
    for (const [start, end] of facts.codeIndented) markRange(marks, start, end, CODE);
  }
  if (strict) {
    for (const [start, end] of facts.paragraphs) markRange(marks, start, end - 1, PARAGRAPH);
    for (const span of facts.codeText) markRange(marks, span.startLine, span.endLine - 1, INLINE_CODE);
  }
  const expected = brSpaces < 2 ? 0 : brSpaces;
  for (let index = facts.frontMatterLines; index < lines.length; index++) {
    const line = lines[index];
    const last = line.charCodeAt(line.length - 1);
    // trimEnd's whitespace ends in a space, tab or other white space: most lines end in none.
    if (line.length === 0 || (last > 0x20 && last < 0x7f)) continue;
    const lineNumber = index + 1;
    const trailing = line.length - line.trimEnd().length;
    const mark = marks[lineNumber];
    if (
      trailing &&
      !(mark & CODE) &&
      (expected !== trailing || (strict && (!(mark & PARAGRAPH) || mark & INLINE_CODE)))
    ) {
      emit(
        lineNumber,
        line.length - trailing + 1,
        `Expected: ${expected === 0 ? '' : '0 or '}${expected}; Actual: ${trailing}`,
      );
    }
  }
}

/** Columns of one line covered by a code span: [start, end], inclusive. */
interface CodeSegment {
  line: number;
  start: number;
  end: number;
}

/**
 * Code spans cut into per-line segments, sorted by line then column. Spans never overlap, so
 * the segments' ends rise with their starts, and one cursor walks them beside the tabs (which
 * come in the same order): each tab and each segment is looked at a constant number of times,
 * where testing every tab against every span was quadratic on a long line of both.
 */
function codeSegments(spans: readonly CodeSpanFact[], wholeLines: Uint8Array): CodeSegment[] {
  const segments: CodeSegment[] = [];
  for (const span of spans) {
    // micromark's end column is the one after the closing backtick, and markdownlint's overlap
    // test includes it: a tab right after a code span counts as code.
    const endColumn = span.endColumn + 1;
    if (span.startLine === span.endLine) {
      segments.push({ line: span.startLine, start: span.startColumn, end: endColumn });
      continue;
    }
    segments.push({ line: span.startLine, start: span.startColumn, end: Number.MAX_SAFE_INTEGER });
    markRange(wholeLines, span.startLine + 1, span.endLine - 1, CODE);
    segments.push({ line: span.endLine, start: 0, end: endColumn });
  }
  return segments.sort((a, b) => a.line - b.line || a.start - b.start);
}

function noHardTabs(lines: readonly string[], facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  const includeCode = options.code_blocks === undefined ? true : !!options.code_blocks;
  const ignoreLanguages = new Set(
    ((options.ignore_code_languages as string[] | undefined) ?? []).map((language) => String(language).toLowerCase()),
  );
  // Lines that are code from first column to last (fence bodies, indented code, the middle of a
  // multi-line code span), one flag per 1-based line.
  const wholeLines = new Uint8Array(lines.length + 2);
  let segments: CodeSegment[] = [];
  if (includeCode) {
    if (ignoreLanguages.size > 0) {
      for (const fence of facts.codeFenced) {
        // markdownlint: a fence without an info string counts as ignored too (every() of nothing).
        if (!fence.info || ignoreLanguages.has(fence.info.toLowerCase()))
          markRange(wholeLines, fence.range[0] + 1, fence.range[1] - 1, CODE);
      }
    }
  } else {
    for (const { range } of facts.codeFenced) markRange(wholeLines, range[0] + 1, range[1] - 1, CODE);
    for (const [start, end] of facts.codeIndented) markRange(wholeLines, start, end, CODE);
    segments = codeSegments(facts.codeText, wholeLines);
  }
  const tabs = /\t+/g;
  let cursor = 0;
  for (let index = facts.frontMatterLines; index < lines.length; index++) {
    const line = lines[index];
    if (!line.includes('\t')) continue;
    const lineNumber = index + 1;
    if (wholeLines[lineNumber] & CODE) continue;
    while (cursor < segments.length && segments[cursor].line < lineNumber) cursor++;
    tabs.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = tabs.exec(line))) {
      const column = match.index + 1;
      const end = column + match[0].length - 1;
      // Segments wholly before this tab are before every later tab on the line too.
      while (cursor < segments.length && segments[cursor].line === lineNumber && segments[cursor].end < column)
        cursor++;
      const segment = segments[cursor];
      const inCode = segment !== undefined && segment.line === lineNumber && segment.start <= end;
      if (!inCode) emit(lineNumber, column, `Column: ${column}`);
    }
  }
}

/** markdownlint's notWrappableRe (a JavaScript regular expression: `\s` is Unicode white space). */
const NOT_WRAPPABLE = /^(?:[#>\s]*\s)?\S*$/;

/** White space as RE2 (markdownlint's re2js) reads `\s`: ASCII tab, newline, form feed, return, space. */
function isRe2Space(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/**
 * The length markdownlint 0.40+ measures without strict/stern: the line with its last run of
 * non-white space (re2js `\S*$`) replaced by one character, so a final word (a URL) that
 * starts within the limit may run past it. A line ending in white space gains one.
 */
function wrappableLength(line: string): number {
  let start = line.length;
  while (start > 0 && !isRe2Space(line.charCodeAt(start - 1))) start--;
  return start + 1;
}

function lineLength(lines: readonly string[], facts: MarkdownFacts, options: RuleOptions, emit: Emit): void {
  const limit = Number(options.line_length ?? 80);
  const headingLimit = Number(options.heading_line_length ?? limit);
  const codeLimit = Number(options.code_block_line_length ?? limit);
  const strict = !!options.strict;
  const stern = !!options.stern;
  const includeCode = options.code_blocks === undefined ? true : !!options.code_blocks;
  const includeTables = options.tables === undefined ? true : !!options.tables;
  const includeHeadings = options.headings === undefined ? true : !!options.headings;
  const marks = new Uint8Array(lines.length + 2);
  for (const heading of facts.headings) markRange(marks, heading.line, heading.endLine, HEADING);
  for (const { range } of facts.codeFenced) markRange(marks, range[0], range[1], CODE);
  for (const [start, end] of facts.codeIndented) markRange(marks, start, end, CODE);
  for (const [start, end] of facts.tables) markRange(marks, start, end, TABLE);
  for (const line of facts.paragraphDataLines) markRange(marks, line, line, DATA);
  for (const [start, end] of facts.linkLines) markRange(marks, start, end, LINK);
  for (const line of facts.definitionLines) markRange(marks, line, line, DEFINITION);
  const minimum = Math.min(limit, headingLimit, codeLimit);
  for (let index = facts.frontMatterLines; index < lines.length; index++) {
    const line = lines[index];
    if (line.length <= minimum) continue;
    const lineNumber = index + 1;
    const mark = marks[lineNumber];
    const isHeading = (mark & HEADING) !== 0;
    const inCode = (mark & CODE) !== 0;
    const inTable = (mark & TABLE) !== 0;
    const linkOnly = (mark & LINK) !== 0 && (mark & DATA) === 0;
    const maxLength = inCode ? codeLimit : isHeading ? headingLimit : limit;
    if (
      maxLength > 0 &&
      (includeCode || !inCode) &&
      (includeTables || !inTable) &&
      (includeHeadings || !isHeading) &&
      (mark & DEFINITION) === 0 &&
      (strict || (!(stern && NOT_WRAPPABLE.test(line)) && !linkOnly)) &&
      (strict || stern ? line.length : wrappableLength(line)) > maxLength &&
      // addErrorDetailIf: nothing when expected equals actual (a line of exactly maxLength
      // that ends in white space measures one more).
      line.length !== maxLength
    ) {
      emit(lineNumber, maxLength + 1, detail(maxLength, line.length));
    }
  }
}

/**
 * Run the enabled style rules over one document. `enabled` maps rule id to its options
 * (absent = off); `lines` are the whole file's lines, front matter included.
 */
export function runStyleRules(
  lines: readonly string[],
  facts: MarkdownFacts,
  enabled: ReadonlyMap<string, RuleOptions>,
): StyleFinding[] {
  const findings: StyleFinding[] = [];
  for (const rule of STYLE_RULES) {
    const options = enabled.get(rule.id);
    if (!options) continue;
    const emit: Emit = (line, column, text) =>
      findings.push({ rule: rule.id, line, column, message: `${rule.description} [${text}]` });
    switch (rule.id) {
      case 'heading-increment':
        headingIncrement(lines, facts, options, emit);
        break;
      case 'heading-style':
        headingStyle(facts, options, emit);
        break;
      case 'ul-indent':
        ulIndent(facts, options, emit);
        break;
      case 'no-trailing-spaces':
        noTrailingSpaces(lines, facts, options, emit);
        break;
      case 'no-hard-tabs':
        noHardTabs(lines, facts, options, emit);
        break;
      case 'line-length':
        lineLength(lines, facts, options, emit);
        break;
      default:
        break;
    }
  }
  return findings;
}

export type { Finding };
