import { scanMarkdown, type LinkFact, type MentionFact } from './scan-markdown.js';
import { runStyleRules, STYLE_RULES, type RuleOptions, type StyleFinding } from './style-rules.js';
import { applyInlineConfig } from './inline-config.js';
import { clearHtmlComments } from './clear-html-comments.js';

/** What one markdown file contributes: its style findings and its side of the cross-references. */
export interface FileDocResult {
  style: StyleFinding[];
  links: LinkFact[];
  mentions: MentionFact[];
  anchors: string[];
  /** Set when the bytes are not valid UTF-8: where the first bad sequence is. */
  invalidUtf8?: { line: number; column: number };
  /** Set when containers nest deeper than the parser follows: the line where checking stopped. */
  nestingLimitLine?: number;
}

export interface LintFileOptions {
  /** markdownlint configuration object (after files and warmbuild overrides). */
  config: Record<string, unknown>;
  noInlineConfig: boolean;
  /** Style rules to run at all (`only`); undefined = every rule the config enables. */
  styleRules?: ReadonlySet<string>;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const looseDecoder = new TextDecoder('utf-8');

function firstInvalidUtf8(text: string): { line: number; column: number } {
  const index = text.indexOf('\uFFFD');
  const before = text.slice(0, Math.max(0, index));
  const line = before.split(/\r\n?|\n/).length;
  return { line, column: index - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
}

/** Decode, scan and style-check one markdown file. Pure: the result depends on bytes and options only. */
export function lintMarkdownFile(content: Uint8Array, options: LintFileOptions): FileDocResult {
  let text: string;
  let invalidUtf8: FileDocResult['invalidUtf8'];
  try {
    text = strictDecoder.decode(content);
  } catch {
    // markdownlint reads with Node's lenient UTF-8 decoding; lint the same text, and say so.
    text = looseDecoder.decode(content);
    invalidUtf8 = firstInvalidUtf8(text);
  }
  // markdownlint drops a byte order mark before anything else (TextDecoder already does).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A string separator splits several times faster than the regular expression most files need not.
  const lines = text.includes('\r') ? text.split(/\r\n?|\n/) : text.split('\n');
  const facts = scanMarkdown(text, lines);
  const mayHaveComment = text.includes('markdownlint-');
  // markdownlint 0.42 reads inline comments on every line, front matter included.
  const inline = applyInlineConfig(options.config, lines, 0, options.noInlineConfig, mayHaveComment);
  const enabled = new Map<string, RuleOptions>();
  for (const rule of STYLE_RULES) {
    if (options.styleRules && !options.styleRules.has(rule.id)) continue;
    const effective = inline.options.get(rule.id);
    // A rule off in the config can still be switched on by an inline `enable` comment.
    const usedSomewhere = effective?.enabled || lines.some((_line, index) => inline.enabledAt(index + 1, rule.id));
    if (usedSomewhere) enabled.set(rule.id, effective?.options ?? {});
  }
  // The line rules read the text with HTML comments cleared, as markdownlint's do; parsing and
  // inline configuration read it as written.
  let ruleLines: readonly string[] = lines;
  if (enabled.size > 0 && text.includes('<!--')) {
    const body = lines.slice(facts.frontMatterLines).join('\n');
    const cleared = clearHtmlComments(body);
    if (cleared !== body) ruleLines = [...lines.slice(0, facts.frontMatterLines), ...cleared.split('\n')];
  }
  const style = runStyleRules(ruleLines, facts, enabled).filter((finding) =>
    inline.enabledAt(finding.line, finding.rule),
  );
  const result: FileDocResult = { style, links: facts.links, mentions: facts.mentions, anchors: facts.anchors };
  if (invalidUtf8) result.invalidUtf8 = invalidUtf8;
  if (facts.nestingLimitLine !== undefined) result.nestingLimitLine = facts.nestingLimitLine;
  return result;
}
