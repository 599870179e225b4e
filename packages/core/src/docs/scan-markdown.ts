import { createSlugger } from './slug.js';
import type Token from 'markdown-it/lib/token.mjs';
import { createParseEnv, markdownParser, MAX_NESTING, type InlineSpan } from './markdown-parser.js';
import { splitFrontMatter } from './front-matter.js';

/** 1-based inclusive line range in the whole file (front matter included in the numbering). */
export type LineRange = [start: number, end: number];

export type HeadingStyle = 'atx' | 'atx_closed' | 'setext';

export interface HeadingFact {
  line: number;
  endLine: number;
  level: number;
  style: HeadingStyle;
  text: string;
}

/** An unordered list item, with what markdownlint's MD007 needs. */
export interface BulletFact {
  line: number;
  /** Nesting among unordered lists (0 = top); -1 when inside an ordered list. */
  nesting: number;
  /** Spaces before the marker, after any blockquote prefix on the same line. */
  indent: number;
  /** 1-based column of the marker. */
  column: number;
}

/** A range of text that rules must treat as code, with columns (1-based, inclusive). */
export interface CodeSpanFact {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface LinkFact {
  kind: 'link' | 'image' | 'definition';
  /** Destination as written (escapes and entities resolved, no percent-decoding). */
  target: string;
  line: number;
  column: number;
}

export interface MentionFact {
  kind: 'code' | 'comment';
  target: string;
  line: number;
  column: number;
  /** The comment's NAME for `<!-- NAME: path -->`. */
  name?: string;
}

/** Everything the style rules and the cross-reference checks need from one file. */
export interface MarkdownFacts {
  /** Lines as markdownlint splits them (`\r\n`, `\r`, `\n`), front matter included. */
  lineCount: number;
  frontMatterLines: number;
  headings: HeadingFact[];
  bullets: BulletFact[];
  codeFenced: { range: LineRange; info: string }[];
  codeIndented: LineRange[];
  tables: LineRange[];
  paragraphs: LineRange[];
  /** Inline code spans. */
  codeText: CodeSpanFact[];
  /** Links, images, autolinks (inline and reference forms). */
  linkLines: LineRange[];
  /** Lines holding paragraph text other than link destinations and code. */
  paragraphDataLines: number[];
  /** Lines of link reference (and footnote) definitions. */
  definitionLines: number[];
  links: LinkFact[];
  mentions: MentionFact[];
  /** Heading slugs (GitHub algorithm, with -1/-2 dedupe) and explicit HTML id/name anchors. */
  anchors: string[];
  /** 1-based line of the first container nested so deep that markdown-it did not parse its content. */
  nestingLimitLine?: number;
}

const CONTAINER_OPEN = new Set(['blockquote_open', 'bullet_list_open', 'ordered_list_open', 'list_item_open']);
const ID_ATTRIBUTE = /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const COMMENT_REFERENCE = /<!--\s*([A-Z][A-Z0-9_-]*)\s*:\s*(\S+?)\s*-->/g;
const MARKDOWN_MENTION = /^[^\s`*?<>|"]+\.(?:md|markdown)$/i;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]\s]+\]:/;

function addHtmlAnchors(html: string, anchors: string[]): void {
  if (!html.includes('id') && !html.includes('name') && !html.includes('ID') && !html.includes('NAME')) return;
  ID_ATTRIBUTE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ID_ATTRIBUTE.exec(html))) {
    const value = match[1] ?? match[2] ?? match[3];
    if (value) anchors.push(value);
  }
}

function isClosingFence(line: string, markup: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < markup.length || trimmed[0] !== markup[0]) return false;
  for (const char of trimmed) if (char !== markup[0]) return false;
  return line.length - line.trimStart().length < 4 || line.includes('>');
}

/**
 * GFM literal autolinks (`https://...`, `www....`, e-mail), which markdownlint counts as links.
 * An e-mail is one as micromark's extension reads it: not right after `/` or another address
 * character, a dot in the domain only before a letter or digit, the whole domain ending in a
 * letter (`fast-toml@0.5.4` is text).
 */
const LITERAL_AUTOLINK =
  /(?:https?:\/\/|www\.)[^\s<]*[^\s<?!.,:*_~]|(?<![/\w.+-])[\w.+-]+@[\w-]+(?:\.[A-Za-z0-9][\w-]*)+(?<=[A-Za-z])(?![\w-]|\.[A-Za-z0-9])/;
const LITERAL_AUTOLINKS = new RegExp(LITERAL_AUTOLINK.source, 'g');

function headingStyle(line: string, level: number, markup: string): HeadingStyle {
  if (markup === '=' || markup === '-') return 'setext';
  const open = line.indexOf('#'.repeat(level));
  const rest = line.slice(open + level).replace(/[ \t]+$/, '');
  if (rest.length === 0) return 'atx';
  return /[ \t]#+$/.test(rest) ? 'atx_closed' : 'atx';
}

function endsWithLineEnding(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 0x0a || last === 0x0d;
}

/** Offsets of each line start within an inline token's content. */
function lineStarts(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineIndexAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Columns of a line's leading white space, tabs to the next multiple of 4 (CommonMark). */
function indentWidth(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line.charCodeAt(i);
    if (char === 0x20) width++;
    else if (char === 0x09) width += 4 - (width % 4);
    else break;
  }
  return width;
}

/**
 * The 1-based last line of an indented code block as micromark (markdownlint) ends it.
 * markdown-it ends the block at its last non-blank line (`end`, exclusive 0-based = inclusive
 * 1-based); micromark's codeIndented goes on through each following white-space-only line that
 * is itself indented as code, blank lines between included, and MD009/MD010 skip those lines.
 * Top level and list items only: a blank line ends a blockquote, so there is nothing to extend.
 */
function indentedCodeEnd(
  lines: readonly string[],
  end: number,
  bodyEnd: number,
  containers: readonly Container[],
  offset: number,
): number {
  if (containers.some((container) => container.type === 'blockquote')) return end;
  let required = 4;
  for (let i = containers.length - 1; i >= 0; i--) {
    const item = containers[i];
    if (item.type !== 'item') continue;
    required += itemContentIndent(lines[item.line + offset] ?? '', item.markerIndex ?? 0);
    break;
  }
  let last = end;
  for (let index = end; index < bodyEnd && index < lines.length; index++) {
    const line = lines[index];
    if (line.trim().length > 0) break;
    if (indentWidth(line) >= required) last = index + 1;
  }
  return last;
}

/**
 * Column where a list item's content starts (markdown-it's blkIndent for it): after the marker
 * and its 1-4 spaces, or one past the marker when more follow or the line ends there.
 */
function itemContentIndent(line: string, markerIndex: number): number {
  let cursor = markerIndex;
  while (cursor < line.length && line[cursor] >= '0' && line[cursor] <= '9') cursor++;
  cursor++;
  const markerEnd = cursor;
  const spaces = indentWidth(' '.repeat(markerEnd) + line.slice(cursor)) - markerEnd;
  if (spaces === 0 || spaces > 4 || line.slice(cursor).trim().length === 0) return markerEnd + 1;
  return markerEnd + spaces;
}

interface Container {
  type: 'blockquote' | 'bullet' | 'ordered' | 'item';
  line: number;
  /** Items: 0-based marker index in the original line. */
  markerIndex?: number;
}

/**
 * Parse a markdown document once and extract the facts every docs rule works from.
 * Iterative (markdown-it's token stream is flat), so deep nesting costs no stack.
 */
export function scanMarkdown(text: string, lines: readonly string[] = text.split(/\r\n?|\n/)): MarkdownFacts {
  const { frontMatterLines, body } = splitFrontMatter(text);
  const offset = frontMatterLines;
  const env = createParseEnv();
  const tokens = markdownParser().parse(body, env);
  const facts: MarkdownFacts = {
    lineCount: lines.length,
    frontMatterLines,
    headings: [],
    bullets: [],
    codeFenced: [],
    codeIndented: [],
    tables: [],
    paragraphs: [],
    codeText: [],
    linkLines: [],
    paragraphDataLines: [],
    definitionLines: [],
    links: [],
    mentions: [],
    anchors: [],
  };
  const slugger = createSlugger();
  const bodyLineCount = lines.length - frontMatterLines - (endsWithLineEnding(body) ? 1 : 0);
  const containers: Container[] = [];
  let rowLine = 0;
  let inParagraph = false;
  let paragraphStart = -1;

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    const map = token.map;
    // markdown-it silently drops the blocks inside a container opened at the last allowed level.
    if (token.level >= MAX_NESTING - 1 && CONTAINER_OPEN.has(token.type) && facts.nestingLimitLine === undefined)
      facts.nestingLimitLine = (map ? map[0] : 0) + offset + 1;
    switch (token.type) {
      case 'blockquote_open':
        containers.push({ type: 'blockquote', line: map ? map[0] : 0 });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        containers.push({ type: token.type === 'bullet_list_open' ? 'bullet' : 'ordered', line: map ? map[0] : 0 });
        break;
      case 'list_item_open': {
        const line = map ? map[0] : 0;
        const source = lines[line + offset] ?? '';
        let parentItem: Container | undefined;
        for (let i = containers.length - 1; i >= 0 && !parentItem; i--)
          if (containers[i].type === 'item') parentItem = containers[i];
        let cursor = parentItem && parentItem.line === line ? (parentItem.markerIndex ?? -1) + 1 : 0;
        let quoteEnd = 0;
        const ordered = containers[containers.length - 1]?.type === 'ordered';
        while (cursor < source.length) {
          const char = source[cursor];
          if (char === '>') {
            quoteEnd = cursor + 1 + (source[cursor + 1] === ' ' || source[cursor + 1] === '\t' ? 1 : 0);
            cursor++;
          } else if (char === ' ' || char === '\t') {
            cursor++;
          } else if (ordered ? char >= '0' && char <= '9' : char === token.markup) {
            break;
          } else {
            cursor++;
          }
        }
        containers.push({ type: 'item', line, markerIndex: cursor });
        if (!ordered) {
          let nesting = 0;
          for (let i = containers.length - 2; i >= 0; i--) {
            const type = containers[i].type;
            if (type === 'item') continue;
            if (type === 'bullet') {
              if (i !== containers.length - 2) nesting++;
              continue;
            }
            if (type === 'ordered') nesting = -1;
            break;
          }
          facts.bullets.push({ line: line + offset + 1, nesting, indent: cursor - quoteEnd, column: cursor + 1 });
        }
        break;
      }
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
        containers.pop();
        break;
      case 'heading_open': {
        if (!map) break;
        const inline = tokens[index + 1];
        const level = Number(token.tag.slice(1));
        const style = headingStyle(lines[map[0] + offset] ?? '', level, token.markup);
        const headingText = inline?.children ? plainText(inline.children) : '';
        facts.headings.push({ line: map[0] + offset + 1, endLine: map[1] + offset, level, style, text: headingText });
        facts.anchors.push(slugger.slug(headingText));
        // `## Title {#custom-id}`: the explicit id of VitePress, Docusaurus, Hugo and kramdown. The
        // GitHub slug (with the braces' text) stays an anchor too: both are links' targets.
        const explicit = EXPLICIT_HEADING_ID.exec(headingText);
        if (explicit) facts.anchors.push(explicit[1]);
        break;
      }
      case 'fence':
        if (map) {
          let end = map[1] + offset;
          // micromark ends a fence left open at the end of the document after the final line
          // ending, one line past markdown-it's; markdownlint's MD009 range depends on it.
          if (
            map[1] >= bodyLineCount &&
            !isClosingFence(lines[end - 1] ?? '', token.markup) &&
            endsWithLineEnding(body)
          )
            end++;
          facts.codeFenced.push({ range: [map[0] + offset + 1, end], info: token.info.trim().split(/\s+/)[0] ?? '' });
        }
        break;
      case 'code_block':
        if (map)
          facts.codeIndented.push([
            map[0] + offset + 1,
            indentedCodeEnd(lines, map[1] + offset, bodyLineCount + offset, containers, offset),
          ]);
        break;
      case 'table_open':
        if (map) facts.tables.push([map[0] + offset + 1, map[1] + offset]);
        break;
      case 'tr_open':
        if (map) rowLine = map[0];
        break;
      case 'paragraph_open':
        if (map) {
          facts.paragraphs.push([map[0] + offset + 1, map[1] + offset]);
          inParagraph = true;
          paragraphStart = map[0];
          if (FOOTNOTE_DEFINITION.test(lines[map[0] + offset] ?? '')) {
            for (let line = map[0]; line < map[1]; line++) facts.definitionLines.push(line + offset + 1);
          }
        }
        break;
      case 'paragraph_close':
        inParagraph = false;
        break;
      case 'html_block':
        addHtmlAnchors(token.content, facts.anchors);
        addCommentReferences(token.content, (map ? map[0] : 0) + offset + 1, facts);
        break;
      case 'inline': {
        const firstLine = map ? map[0] : inParagraph ? paragraphStart : rowLine;
        scanInline(token, firstLine + offset, lines, facts, inParagraph);
        break;
      }
      default:
        break;
    }
  }

  for (const definition of env.definitions) {
    for (let line = definition.startLine; line <= definition.endLine; line++)
      facts.definitionLines.push(line + offset + 1);
    for (const label of definition.labels) {
      const reference = env.references?.[label];
      if (!reference) continue;
      const source = lines[definition.startLine + offset] ?? '';
      facts.links.push({
        kind: 'definition',
        target: reference.href,
        line: definition.startLine + offset + 1,
        column: source.indexOf('[') + 1 || 1,
      });
    }
  }
  return facts;
}

const EXPLICIT_HEADING_ID = /\{#([^\s{}]+)\}\s*$/;

/** Heading text as GitHub slugs it: an image's alt text is not text (markdownlint MD051 and remark agree). */
function plainText(children: Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
  }
  return text;
}

function addCommentReferences(html: string, firstLine: number, facts: MarkdownFacts): void {
  if (!html.includes('<!--')) return;
  COMMENT_REFERENCE.lastIndex = 0;
  let match: RegExpExecArray | null;
  let newlines = 0;
  let lineStart = 0;
  let scanned = 0;
  while ((match = COMMENT_REFERENCE.exec(html))) {
    const name = match[1];
    if (name.toLowerCase().startsWith('markdownlint')) continue;
    // A reference names a path (a directory or a file extension): `<!-- TODO: translation -->`
    // is a note, not a reference to a file called "translation".
    if (!/\/|\.[A-Za-z0-9]+$/.test(match[2])) continue;
    // Lines counted from the previous match on, not from the block's start: a block can hold
    // any number of comments.
    for (
      let newline = html.indexOf('\n', scanned);
      newline !== -1 && newline < match.index;
      newline = html.indexOf('\n', newline + 1)
    ) {
      newlines++;
      lineStart = newline + 1;
    }
    scanned = Math.max(scanned, match.index);
    facts.mentions.push({
      kind: 'comment',
      name,
      target: match[2],
      line: firstLine + newlines,
      column: match.index - lineStart + 1,
    });
  }
}

/** Walk an inline token's children, placing each construct on its source line(s). */
function scanInline(
  inline: Token,
  firstLine: number,
  lines: readonly string[],
  facts: MarkdownFacts,
  inParagraph: boolean,
): void {
  const children = inline.children;
  if (!children || children.length === 0) return;
  const starts = lineStarts(inline.content);
  const inlineLines = starts.length > 1 ? inline.content.split('\n') : [inline.content];
  // Where each content line starts in its source line (after container markers and
  // indentation): searched once per line, since a line can hold any number of constructs.
  const bases: number[] = [];
  const column = (offset: number): { line: number; column: number } => {
    const lineIndex = lineIndexAt(starts, offset);
    let base = bases[lineIndex];
    if (base === undefined) {
      const source = lines[firstLine + lineIndex] ?? '';
      const inlineLine = inlineLines[lineIndex] ?? '';
      base = inlineLine.length > 0 ? source.indexOf(inlineLine) : source.length;
      if (base < 0) base = Math.max(0, source.length - inlineLine.length);
      bases[lineIndex] = base;
    }
    return { line: firstLine + lineIndex + 1, column: base + (offset - starts[lineIndex]) + 1 };
  };
  let lineIndex = 0;
  // markdownlint counts only `data` directly under the paragraph: text inside emphasis or links is not.
  let depth = 0;
  const openLinks: { line: number; autolink: boolean }[] = [];
  const dataLines = new Set<number>();
  for (let childIndex = 0; childIndex < children.length; childIndex++) {
    const child = children[childIndex];
    const span = (child.meta as { span?: InlineSpan } | null)?.span;
    if (span) lineIndex = lineIndexAt(starts, span.start);
    const line = firstLine + lineIndex + 1;
    if (child.nesting === 1) depth++;
    else if (child.nesting === -1) depth--;
    switch (child.type) {
      case 'softbreak':
      case 'hardbreak':
        lineIndex++;
        break;
      case 'text': {
        const autolinked =
          (child.content.includes('www.') || child.content.includes('://') || child.content.includes('@')) &&
          LITERAL_AUTOLINK.test(child.content);
        if (autolinked) facts.linkLines.push([line, line]);
        // An escape or entity left alone is a characterEscape/characterReference to micromark,
        // and a literal autolink is its own token: neither is paragraph data. (markdown-it's
        // text_join merges a special into the text before it, keeping the special's info: a
        // merged one holds more than its own markup decodes to.)
        const special =
          (child.info === 'escape' && child.content === child.markup.slice(1)) ||
          (child.info === 'entity' && child.content === markdownParser().utils.unescapeAll(child.markup));
        if (inParagraph && depth === 0 && child.content.length > 0 && !special) {
          const text = autolinked ? child.content.replace(LITERAL_AUTOLINKS, '') : child.content;
          // micromark turns whitespace before a line ending into a line suffix, not data.
          const next = children[childIndex + 1];
          const lineEnd = !next || next.type === 'softbreak' || next.type === 'hardbreak';
          if (text.length > 0 && !(lineEnd && text.trim() === '')) dataLines.add(line);
        }
        break;
      }
      case 'code_inline': {
        if (!span) break;
        const start = column(span.start);
        const end = column(span.end - 1);
        facts.codeText.push({
          startLine: start.line,
          startColumn: start.column,
          endLine: end.line,
          endColumn: end.column,
        });
        if (MARKDOWN_MENTION.test(child.content) && !child.content.includes('://')) {
          facts.mentions.push({ kind: 'code', target: child.content, line: start.line, column: start.column });
        }
        lineIndex = lineIndexAt(starts, span.end);
        break;
      }
      case 'link_open': {
        const autolink = child.markup === 'autolink' || child.markup === 'linkify';
        openLinks.push({ line, autolink });
        if (span && !span.reference && !autolink) {
          const href = child.attrGet('href') ?? '';
          facts.links.push({ kind: 'link', target: href, ...column(span.start) });
        }
        break;
      }
      case 'link_close': {
        const open = openLinks.pop();
        const endLine = span ? firstLine + lineIndexAt(starts, span.end - 1) + 1 : line;
        if (open) facts.linkLines.push([open.line, endLine]);
        if (span) lineIndex = lineIndexAt(starts, span.end);
        break;
      }
      case 'image': {
        if (!span) break;
        const endLine = firstLine + lineIndexAt(starts, span.end - 1) + 1;
        facts.linkLines.push([line, endLine]);
        if (!span.reference)
          facts.links.push({ kind: 'image', target: child.attrGet('src') ?? '', ...column(span.start) });
        lineIndex = lineIndexAt(starts, span.end);
        break;
      }
      case 'html_inline':
        addHtmlAnchors(child.content, facts.anchors);
        addCommentReferences(child.content, line, facts);
        if (span) lineIndex = lineIndexAt(starts, span.end);
        break;
      default:
        break;
    }
  }
  for (const line of dataLines) facts.paragraphDataLines.push(line);
}
