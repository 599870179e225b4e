import { jsoncParser } from '../internal/lazy-parsers.js';
import { STYLE_RULES, type RuleOptions } from './style-rules.js';

/** Upper-cased rule name, alias or tag -> the style rule ids it names (markdownlint's aliasToRuleNames). */
const NAME_TO_RULES = new Map<string, string[]>();
for (const rule of STYLE_RULES) {
  for (const name of [rule.alias, rule.id, ...rule.names]) NAME_TO_RULES.set(name.toUpperCase(), [rule.id]);
  for (const tag of rule.tags)
    NAME_TO_RULES.set(tag.toUpperCase(), [...(NAME_TO_RULES.get(tag.toUpperCase()) ?? []), rule.id]);
}

/** The style rules a configuration key (`MD013`, `line-length`, `whitespace`...) names. */
export function rulesNamed(key: string): readonly string[] {
  return NAME_TO_RULES.get(key.toUpperCase()) ?? [];
}

/** One rule in markdownlint's effective configuration. */
export interface EffectiveRule {
  /** On before inline comments. */
  enabled: boolean;
  /** The options the rule runs with, also when an inline `enable` turns an off rule on. */
  options: RuleOptions;
}

/**
 * markdownlint's getEffectiveConfig: `default` (true unless set), then every key in order; a
 * truthy non-object value (`true`, `"warning"`) means "on with defaults", an object is on unless
 * its `enabled` is false (0.39), and its `enabled`/`severity` keys are not rule options. An object
 * with `enabled: false` keeps its options for an inline `enable` comment to use.
 */
export function effectiveRuleOptions(config: Record<string, unknown>): Map<string, EffectiveRule> {
  const defaultKey = Object.keys(config).find((key) => key.toUpperCase() === 'DEFAULT');
  const ruleDefault = defaultKey === undefined || !!config[defaultKey];
  const effective = new Map<string, EffectiveRule>();
  for (const rule of STYLE_RULES) effective.set(rule.id, { enabled: ruleDefault, options: {} });
  for (const [key, raw] of Object.entries(config)) {
    const ids = rulesNamed(key);
    if (ids.length === 0) continue;
    let value: EffectiveRule = { enabled: false, options: {} };
    if (raw && typeof raw === 'object') {
      const { enabled, severity: _severity, ...options } = raw as RuleOptions;
      void _severity;
      value = { enabled: enabled === undefined || !!enabled, options };
    } else if (raw) {
      value = { enabled: true, options: {} };
    }
    for (const id of ids) effective.set(id, value);
  }
  return effective;
}

const INLINE_COMMENT_START =
  /(<!--\s*markdownlint-(disable|enable|capture|restore|disable-file|enable-file|disable-line|disable-next-line|configure-file))(?:\s|-->)/gi;

type RuleState = Record<string, boolean>;

/**
 * The rules a comment's parameter names, or null for an empty parameter (all rules). A
 * parameter runs to the first '-->' after its comment start, so on a line of many starts
 * before one '-->' each parameter holds every later one: the names are gathered once per
 * stretch between two starts, and each parameter's set is its stretch's plus the next's.
 */
type RulesNamed = () => readonly string[] | null;

function wordsNaming(text: string, into: Set<string>): void {
  const trimmed = text.trim();
  if (!trimmed) return;
  for (const item of trimmed.toUpperCase().split(/\s+/)) for (const id of NAME_TO_RULES.get(item) ?? []) into.add(id);
}

function forEachComment(
  lines: readonly string[],
  visit: (action: string, parameter: string, lineNumber: number, named: RulesNamed) => void,
): void {
  for (const [index, line] of lines.entries()) {
    if (!line.includes('<!--')) continue;
    INLINE_COMMENT_START.lastIndex = 0;
    const found: { action: string; start: number; end: number }[] = [];
    let match: RegExpExecArray | null;
    // The first '-->' after a comment start serves every later start before it: searched
    // again only past it, not once per start.
    let end = -1;
    while ((match = INLINE_COMMENT_START.exec(line))) {
      const start = match.index + match[1].length;
      if (end < start) end = line.indexOf('-->', start);
      if (end === -1) break;
      found.push({ action: match[2].toUpperCase(), start, end });
    }
    const named: (readonly string[] | null | undefined)[] = new Array(found.length);
    const namedAt = (i: number): readonly string[] | null => {
      if (named[i] !== undefined) return named[i]!;
      // From the last start sharing this comment's end back to this one.
      let last = i;
      while (last + 1 < found.length && found[last + 1].end === found[i].end) last++;
      const union = new Set<string>();
      for (let k = last; k >= i; k--) {
        const stretchEnd = k === last ? found[k].end : found[k + 1].start;
        wordsNaming(line.slice(found[k].start, stretchEnd), union);
        const empty = k === last && line.slice(found[k].start, found[k].end).trim() === '';
        named[k] = empty ? null : [...union];
      }
      return named[i]!;
    };
    found.forEach((comment, i) => {
      visit(comment.action, line.slice(comment.start, comment.end), index + 1, () => namedAt(i));
    });
  }
}

/** One configuration object serves every file of a run: resolve it once (read-only after). */
const effectiveByConfig = new WeakMap<object, Map<string, EffectiveRule>>();

export interface InlineConfigResult {
  /** Per 1-based line of the whole file: which rules are on there. */
  enabledAt(line: number, rule: string): boolean;
  /** Each rule's state and options after `markdownlint-configure-file` comments. */
  options: Map<string, EffectiveRule>;
}

/**
 * markdownlint's getEnabledRulesPerLineNumber for the six rules: `configure-file` first,
 * then `disable-file`/`enable-file`, then `disable`/`enable`/`capture`/`restore` line by
 * line, then `disable-line`/`disable-next-line`. `lines` are the lines after `frontMatterLines`
 * (markdownlint 0.42 reads comments in front matter too: lint-file.ts passes every line and 0).
 */
export function applyInlineConfig(
  config: Record<string, unknown>,
  lines: readonly string[],
  frontMatterLines: number,
  noInlineConfig: boolean,
  /** False when the caller knows the whole text has no `markdownlint-` (one search instead of one per line). */
  mayHaveComment = true,
): InlineConfigResult {
  let effectiveConfig = config;
  const hasComment = !noInlineConfig && mayHaveComment && lines.some((line) => line.includes('markdownlint-'));
  if (hasComment) {
    forEachComment([lines.join('\n')], (action, parameter) => {
      if (action !== 'CONFIGURE-FILE') return;
      const errors: unknown[] = [];
      const parsed = jsoncParser().parse(parameter, errors as never) as unknown;
      if (errors.length === 0 && parsed && typeof parsed === 'object')
        effectiveConfig = { ...effectiveConfig, ...(parsed as Record<string, unknown>) };
    });
  }
  let options = effectiveConfig === config ? effectiveByConfig.get(config) : undefined;
  if (!options) {
    options = effectiveRuleOptions(effectiveConfig);
    if (effectiveConfig === config) effectiveByConfig.set(config, options);
  }
  if (!hasComment) return { enabledAt: (_line, rule) => !!options.get(rule)?.enabled, options };

  const allRules = STYLE_RULES.map((rule) => rule.id);
  const apply = (action: string, named: RulesNamed, state: RuleState | undefined): RuleState => {
    const next = { ...state };
    const enabled = action.startsWith('ENABLE');
    // Names of rules warmbuild does not implement are markdownlint's business; ignored here.
    for (const id of named() ?? allRules) next[id] = enabled;
    return next;
  };
  let enabled: RuleState = Object.fromEntries(allRules.map((id) => [id, !!options.get(id)?.enabled]));
  // Captured before `disable-file`/`enable-file` apply, as markdownlint does: a `restore` with
  // no `capture` before it goes back to the configuration's state.
  let captured = enabled;
  forEachComment(lines, (action, _parameter, _line, named) => {
    if (action === 'ENABLE-FILE' || action === 'DISABLE-FILE') enabled = apply(action, named, enabled);
  });
  const perLine: (RuleState | undefined)[] = new Array(1 + frontMatterLines);
  for (const [index, line] of lines.entries()) {
    if (line.includes('<!--')) {
      forEachComment([line], (action, _parameter, _line, named) => {
        if (action === 'CAPTURE') captured = enabled;
        else if (action === 'RESTORE') enabled = captured;
        else if (action === 'ENABLE' || action === 'DISABLE') enabled = apply(action, named, enabled);
      });
    }
    void index;
    perLine.push(enabled);
  }
  forEachComment(lines, (action, _parameter, lineNumber, named) => {
    if (action !== 'DISABLE-LINE' && action !== 'DISABLE-NEXT-LINE') return;
    const target = frontMatterLines + lineNumber + (action === 'DISABLE-NEXT-LINE' ? 1 : 0);
    perLine[target] = apply(action, named, perLine[target]);
  });
  return { enabledAt: (line, rule) => !!perLine[line]?.[rule], options };
}
