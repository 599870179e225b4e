import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';

// markdown-it's CommonJS bundle: one file, where its ES modules are ~50 files the ESM loader
// resolves one by one (the bundle loads sooner, on every run that lints).
type MarkdownIt = MarkdownItType;
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType;
import { MAX_NESTING } from './options.js';

/** The parts of markdown-it's rule states these wrappers touch. */
interface StateInline {
  pos: number;
  src: string;
  tokens: { meta: unknown; nesting: number; type: string }[];
}
interface StateBlock {
  line: number;
  env: unknown;
}
type InlineRule = (state: StateInline, silent: boolean) => boolean;
type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;

/**
 * markdown-it set up as a CommonMark + GFM-table parser that keeps what the rules need
 * and markdown-it normally throws away: the source offsets of inline constructs, the
 * lines of link reference definitions, and destinations exactly as written.
 *
 * Why markdown-it: on the PowerShell-Docs corpus it parses many times faster than micromark
 * (markdownlint's parser); `pnpm bench docs` measures both side by side (the parser table,
 * rows "markdown-it 14" and "micromark 4").
 */

/** Source span of an inline token, as offsets into its `inline` token's content. */
export interface InlineSpan {
  start: number;
  end: number;
  /** Links and images: true for `[text][ref]`, `[text][]` and `[text]` forms. */
  reference?: boolean;
}

/** A link reference definition found by the block parser. */
export interface DefinitionRecord {
  /** 0-based first and last line (inclusive), in the parsed text. */
  startLine: number;
  endLine: number;
  /** Normalized labels it defined. */
  labels: string[];
}

export interface ParseEnv {
  references?: Record<string, { href: string; title: string }>;
  definitions: DefinitionRecord[];
  /** Labels in the order markdown-it defined them (see createParseEnv). */
  newLabels?: string[];
}

const SPANNED_RULES = ['backticks', 'link', 'image', 'autolink', 'html_inline'];

function wrapInline(md: MarkdownIt, name: string): void {
  // markdown-it has no public way to read a rule back, only to replace it.
  const ruler = md.inline.ruler as unknown as { __rules__: { name: string; fn: InlineRule }[] };
  const entry = ruler.__rules__.find((rule) => rule.name === name);
  if (!entry) return;
  const original = entry.fn;
  const wrapped: InlineRule = (state, silent) => {
    const start = state.pos;
    const before = state.tokens.length;
    const ok = original(state, silent);
    if (ok && !silent) {
      const raw = state.src.slice(start, state.pos);
      const reference = (name === 'link' || name === 'image') && !raw.endsWith(')');
      for (let i = before; i < state.tokens.length; i++) {
        const token = state.tokens[i];
        // Only the construct's own tokens: a link's label tokens get their own spans when tokenized.
        if (token.meta && (token.meta as { span?: InlineSpan }).span) continue;
        if (token.nesting === -1 && token.type !== 'link_close') continue;
        token.meta = { ...(token.meta ?? {}), span: { start, end: state.pos, reference } satisfies InlineSpan };
      }
    }
    return ok;
  };
  md.inline.ruler.at(name, wrapped as never);
}

function wrapReference(md: MarkdownIt): void {
  const ruler = md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] };
  const entry = ruler.__rules__.find((rule) => rule.name === 'reference');
  if (!entry) return;
  const original = entry.fn;
  const wrapped: BlockRule = (state, startLine, endLine, silent) => {
    const env = state.env as ParseEnv;
    const before = env.newLabels?.length ?? 0;
    const ok = original(state, startLine, endLine, silent);
    if (ok && !silent) {
      // A definition that repeats a label adds nothing, but still occupies lines.
      env.definitions.push({ startLine, endLine: state.line - 1, labels: env.newLabels?.slice(before) ?? [] });
    }
    return ok;
  };
  md.block.ruler.at('reference', wrapped as never);
}

export { MAX_NESTING };
/**
 * A parse environment whose `references` object records each label as markdown-it defines it,
 * so the reference wrapper learns a definition's new labels without listing every label
 * defined so far (which made documents with many definitions quadratic).
 */
export function createParseEnv(): ParseEnv {
  const newLabels: string[] = [];
  const references = new Proxy({} as Record<string, { href: string; title: string }>, {
    set(target, label, value) {
      if (typeof label === 'string' && !Object.hasOwn(target, label)) newLabels.push(label);
      target[label as string] = value as { href: string; title: string };
      return true;
    },
  });
  return { definitions: [], references, newLabels };
}

/**
 * markdown-it's StateBlock constructor (the per-line marks every block rule reads) with the
 * line ends found by indexOf instead of a per-character loop, which a short-lived process
 * runs mostly unoptimized. Same marks: indentation counted as markdown-it does (tab to the
 * next multiple of 4), and a last line of only spaces and tabs without a newline left out.
 */
function fastStateBlock(original: new (...args: unknown[]) => object): unknown {
  function StateBlock(this: Record<string, unknown>, src: string, md: unknown, env: unknown, tokens: unknown[]) {
    this.src = src;
    this.md = md;
    this.env = env;
    this.tokens = tokens;
    const bMarks: number[] = [];
    const eMarks: number[] = [];
    const tShift: number[] = [];
    const sCount: number[] = [];
    const bsCount: number[] = [];
    this.bMarks = bMarks;
    this.eMarks = eMarks;
    this.tShift = tShift;
    this.sCount = sCount;
    this.bsCount = bsCount;
    this.blkIndent = 0;
    this.line = 0;
    this.lineMax = 0;
    this.tight = false;
    this.ddIndent = -1;
    this.listIndent = -1;
    this.parentType = 'root';
    this.level = 0;
    const length = src.length;
    let start = 0;
    while (start < length) {
      let pos = start;
      let indent = 0;
      let offset = 0;
      for (; pos < length; pos++) {
        const ch = src.charCodeAt(pos);
        if (ch === 0x20) {
          indent++;
          offset++;
        } else if (ch === 0x09) {
          indent++;
          offset += 4 - (offset % 4);
        } else {
          break;
        }
      }
      if (pos === length) break;
      let end = src.indexOf('\n', pos);
      if (end === -1) end = length;
      bMarks.push(start);
      eMarks.push(end);
      tShift.push(indent);
      sCount.push(offset);
      bsCount.push(0);
      start = end + 1;
    }
    bMarks.push(length);
    eMarks.push(length);
    tShift.push(0);
    sCount.push(0);
    bsCount.push(0);
    this.lineMax = bMarks.length - 1;
  }
  StateBlock.prototype = original.prototype;
  return StateBlock;
}

/**
 * Inline content the rules can learn something from: links, images and autolinks (`[`, `<`),
 * code spans, inline HTML and comments, literal autolinks (`://`, `www.`, e-mail), and
 * entities (which could spell one). Everything else is plain text to every rule: MD013 reads
 * a paragraph's data lines only to tell them from link-only lines, and there is no link.
 */
const INLINE_WORTH_PARSING = /[[`<&@]|:\/\/|www\./;

interface CoreState {
  tokens: { type: string; content: string; children: unknown[] | null }[];
  md: MarkdownIt;
  env: unknown;
}

/**
 * markdown-it's `inline` core rule, parsing only what the rules need: headings always (their
 * text makes the anchor), other inline content when it can hold a construct the rules see.
 * On the PowerShell-Docs corpus this skips 60% of inline tokens (36% of inline bytes).
 */
function parseNeededInline(state: CoreState): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type !== 'inline') continue;
    if (tokens[i - 1]?.type !== 'heading_open' && !INLINE_WORTH_PARSING.test(token.content)) continue;
    state.md.inline.parse(token.content, state.md, state.env, token.children as never);
  }
}

/**
 * markdown-it's `text` rule (skip to the next character another rule could start at), as one
 * sticky regular expression: the same characters, but irregexp's compiled loop instead of a
 * charCodeAt loop that a short-lived process runs mostly unoptimized (the rule was a large
 * part of inline parsing in a cold run's profile).
 */
const TEXT_RUN = /[^\n!#$%&*+\-:<=>@[\\\]^_`{}~]+/y;

function textRule(state: StateInline & { posMax: number; pending: string }, silent: boolean): boolean {
  TEXT_RUN.lastIndex = state.pos;
  if (!TEXT_RUN.test(state.src)) return false;
  const end = Math.min(TEXT_RUN.lastIndex, state.posMax);
  if (end <= state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, end);
  state.pos = end;
  return true;
}

/** markdown-it's `normalize` core rule, without copying a source that has no CR or NUL. */
function normalizeRule(state: { src: string }): void {
  if (state.src.includes('\r')) state.src = state.src.replace(/\r\n?/g, '\n');
  if (state.src.includes('\0')) state.src = state.src.replace(/\0/g, '\uFFFD');
}

let parser: MarkdownIt | undefined;

/** The shared parser (markdown-it instances are reusable and stateless between parses). */
export function markdownParser(): MarkdownIt {
  if (parser) return parser;
  // No linkify: bare URLs only matter to MD013's link-only lines, which need whitespace to be
  // long anyway, and linkify-it's fuzzy matching was a third of the parse time.
  // maxNesting: the commonmark preset stops nesting at 20 levels; markdownlint (micromark) has no
  // limit. 200 keeps markdown-it's recursion far from the stack limit (tested at 10,000 levels).
  const md = new MarkdownIt('commonmark', { html: true });
  md.set({ maxNesting: MAX_NESTING } as never);
  md.enable(['table', 'strikethrough']);
  // Findings quote destinations as written: no percent-encoding, no scheme filtering.
  md.normalizeLink = (url: string) => url;
  md.normalizeLinkText = (url: string) => url;
  md.validateLink = () => true;
  for (const name of SPANNED_RULES) wrapInline(md, name);
  wrapReference(md);
  md.core.ruler.at('inline', parseNeededInline as never);
  const block = md.block as unknown as { State: new (...args: unknown[]) => object };
  block.State = fastStateBlock(block.State) as typeof block.State;
  md.core.ruler.at('normalize', normalizeRule as never);
  md.inline.ruler.at('text', textRule as never);
  parser = md;
  return md;
}
