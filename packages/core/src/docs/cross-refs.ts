import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../types.js';
import type { LinkFact, MentionFact } from './scan-markdown.js';

/** What cross-reference resolution knows about the repository. */
export interface RepoIndex {
  root: string;
  /** Every discovered file, repo-relative. */
  files: ReadonlySet<string>;
  /** Every directory holding a discovered file ('' is the root). */
  dirs: ReadonlySet<string>;
  /** Lower-cased path -> the paths on disk with that spelling. */
  lowerCase: ReadonlyMap<string, string[]>;
  /** Anchors of a markdown file, when it was scanned. */
  anchors(file: string): readonly string[] | undefined;
  /** GitHub URL prefixes (`https://github.com/owner/repo/`) whose blob/tree links are local. */
  githubPrefixes: readonly string[];
  /** `checks.docs.ignoreLinks`: link targets, as written, that are not checked. */
  ignoreLink?: (target: string) => boolean;
  /** Answers of the file system for paths outside the discovered files, kept for one run. */
  outside?: Map<string, boolean>;
  /** Resolutions by (source directory, target as written), kept for one run. */
  resolved?: Map<string, ResolvedTarget | null>;
}

export interface CrossRefResult {
  findings: Finding[];
  /** Repo-relative paths (files or directories) the result depends on. */
  deps: string[];
  /** True when a target was found outside the discovered files (ignored files): always recheck. */
  volatile: boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MARKDOWN = /\.(?:md|markdown)$/i;

export function isMarkdownPath(file: string): boolean {
  return MARKDOWN.test(file);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A stray '%' is a literal character to GitHub too.
    return value;
  }
}

/**
 * Work allowed for "did you mean" suggestions while checking one file, in Levenshtein cells.
 * A suggestion compares a missing fragment with every anchor of its target, so a file with
 * many broken fragments into a file with many headings would otherwise cost their product.
 * Charged per source file, so what a file gets suggested does not depend on which other
 * files a run re-checked. Real documents stay far below it.
 */
const SUGGESTION_BUDGET = 4_000_000;

/** Suggestion work left for one source file's links. */
export interface SuggestionBudget {
  cells: number;
}

/** Levenshtein distance, capped: anything over `max` returns max + 1. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < best) best = current[j];
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

/** Lower-cased anchors of one file, computed once per anchor list (a file's list is shared by every link into it). */
const lowerAnchors = new WeakMap<
  readonly string[],
  { lower: string[]; exact: Map<string, string>; all: Set<string> }
>();

function anchorIndex(anchors: readonly string[]): { lower: string[]; exact: Map<string, string>; all: Set<string> } {
  let known = lowerAnchors.get(anchors);
  if (!known) {
    const lower = anchors.map((anchor) => anchor.toLowerCase());
    const exact = new Map<string, string>();
    lower.forEach((key, i) => {
      if (!exact.has(key)) exact.set(key, anchors[i]);
    });
    known = { lower, exact, all: new Set(anchors) };
    lowerAnchors.set(anchors, known);
  }
  return known;
}

/**
 * The closest anchor, when one is close enough to be a plausible typo. Without a budget the
 * search is complete; with one, it gives up (no suggestion) once the budget is spent.
 */
export function suggestAnchor(
  fragment: string,
  anchors: readonly string[],
  budget: SuggestionBudget = { cells: Infinity },
): string | undefined {
  const wanted = fragment.toLowerCase();
  const { lower, exact } = anchorIndex(anchors);
  const same = exact.get(wanted);
  if (same !== undefined) return same;
  const max = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (let i = 0; i < anchors.length; i++) {
    const candidate = lower[i];
    budget.cells -= Math.abs(candidate.length - wanted.length) > max ? 1 : (candidate.length + 1) * (wanted.length + 1);
    if (budget.cells < 0) return undefined;
    const d = distance(wanted, candidate, max);
    if (d < bestDistance) {
      best = anchors[i];
      bestDistance = d;
    }
  }
  if (best) return best;
  // A renamed heading often keeps its start ("#install" -> "#installation").
  let prefixMatch: string | undefined;
  if (wanted.length < 3) return undefined;
  for (let i = 0; i < anchors.length; i++) {
    const candidate = lower[i];
    budget.cells -= Math.min(candidate.length, wanted.length) + 1;
    if (budget.cells < 0) return undefined;
    if (
      (candidate.startsWith(wanted) || wanted.startsWith(candidate)) &&
      (!prefixMatch || Math.abs(anchors[i].length - wanted.length) < Math.abs(prefixMatch.length - wanted.length))
    ) {
      prefixMatch = anchors[i];
    }
  }
  return prefixMatch;
}

/** Turn a repository URL (git remote or package.json) into a GitHub web prefix. */
export function githubPrefixFromUrl(url: string): string | undefined {
  const match = /github\.com[:/]+([^/\s]+)\/([^/\s#]+?)(?:\.git)?\/?$/i.exec(url.trim());
  return match ? `https://github.com/${match[1]}/${match[2]}/` : undefined;
}

interface ResolvedTarget {
  /** Repo-relative path, '' for the root. */
  resolved: string;
  fragment: string | undefined;
  escapes: boolean;
  /**
   * For a `/path` link written as such (not a GitHub URL of this repository): its first segment.
   * When no file or directory of that name is at the root, the link is a route of the site the
   * docs are published to (VitePress, Docusaurus, Microsoft Learn...), not a repository path.
   */
  rootSegment?: string;
}

/** `#fragment` or `?query`: the link points into its own file, so it resolves per file. */
const SELF_LINK = /^\s*[?#]/;

function resolveTarget(source: string, target: string, index: RepoIndex): ResolvedTarget | undefined {
  // Files in one directory link to the same targets: resolve each (directory, target) once a run.
  const memo = index.resolved;
  if (!memo || SELF_LINK.test(target)) return resolveUncached(source, target, index);
  const slash = source.lastIndexOf('/');
  const key = `${slash === -1 ? '' : source.slice(0, slash)}\0${target}`;
  let resolved = memo.get(key);
  if (resolved === undefined) {
    resolved = resolveUncached(source, target, index) ?? null;
    memo.set(key, resolved);
  }
  return resolved ?? undefined;
}

function resolveUncached(source: string, target: string, index: RepoIndex): ResolvedTarget | undefined {
  let value = target.trim();
  if (value === '') return undefined;
  const scheme = SCHEME.test(value);
  let fromRepositoryUrl = false;
  if (scheme) {
    // GitHub owner and repository names are case-insensitive, and http:// redirects to https://.
    const url = value.replace(/^http:\/\//i, 'https://');
    for (const prefix of index.githubPrefixes) {
      if (url.toLowerCase().startsWith(prefix.toLowerCase())) {
        const rest = url.slice(prefix.length);
        const match = /^(?:blob|tree|raw)\/[^/]+\/?(.*)$/.exec(rest);
        if (!match) return undefined;
        value = `/${match[1]}`;
        fromRepositoryUrl = true;
        break;
      }
    }
  }
  if (value.startsWith('//') || SCHEME.test(value)) return undefined;
  const hash = value.indexOf('#');
  const fragment = hash === -1 ? undefined : safeDecode(value.slice(hash + 1));
  let pathPart = hash === -1 ? value : value.slice(0, hash);
  const query = pathPart.indexOf('?');
  if (query !== -1) pathPart = pathPart.slice(0, query);
  pathPart = safeDecode(pathPart);
  if (pathPart === '') return { resolved: source, fragment, escapes: false };
  const joined = pathPart.startsWith('/') ? pathPart.slice(1) : path.posix.join(path.posix.dirname(source), pathPart);
  const normalized = path.posix.normalize(joined === '' ? '.' : joined).replace(/\/+$/, '');
  const escapes = normalized === '..' || normalized.startsWith('../');
  const resolved = normalized === '.' ? '' : normalized;
  if (pathPart.startsWith('/') && !fromRepositoryUrl && resolved !== '' && !escapes) {
    return { resolved, fragment, escapes, rootSegment: resolved.split('/', 1)[0] };
  }
  return { resolved, fragment, escapes };
}

/** The markdown page a site generator serves for an extensionless or `.html` path, if that form. */
function markdownPageOf(resolved: string): string | undefined {
  const name = resolved.slice(resolved.lastIndexOf('/') + 1);
  if (name === '' || name === '.' || name === '..') return undefined;
  if (/\.html?$/i.test(name)) return `${resolved.replace(/\.html?$/i, '')}.md`;
  return name.includes('.') ? undefined : `${resolved}.md`;
}

/** GitHub's line fragments (`#L10`, `#L10-L20`, `#L10C2-L12C5`), which markdownlint's MD051 accepts too. */
const GITHUB_LINE_FRAGMENT = /^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$/;
const README_NAMES = ['readme.md', 'readme.markdown'];

/** The README GitHub shows for a directory ('' is the root), if one was discovered. */
function findReadme(dir: string, index: RepoIndex): string | undefined {
  const candidates: string[] = [];
  for (const name of README_NAMES) {
    for (const file of index.lowerCase.get(dir === '' ? name : `${dir.toLowerCase()}/${name}`) ?? []) {
      if (index.files.has(file) && path.posix.dirname(file) === (dir === '' ? '.' : dir)) candidates.push(file);
    }
  }
  return candidates.sort()[0];
}

type Existence = { kind: 'exists' } | { kind: 'case'; actual: string } | { kind: 'missing' } | { kind: 'outside' };

function existence(resolved: string, index: RepoIndex): Existence {
  if (resolved === '' || index.files.has(resolved) || index.dirs.has(resolved)) return { kind: 'exists' };
  const sameLetters = index.lowerCase.get(resolved.toLowerCase());
  if (sameLetters && sameLetters.length > 0) return { kind: 'case', actual: sameLetters[0] };
  // Not discovered (ignored by .gitignore, or excluded): ask the file system, once per run
  // (on the PowerShell-Docs corpus, 2,620 broken links share far fewer targets).
  let exists = index.outside?.get(resolved);
  if (exists === undefined) {
    try {
      exists = fs.statSync(path.join(index.root, resolved), { throwIfNoEntry: false }) !== undefined;
    } catch {
      // ENOTDIR (a file used as a directory), EACCES: not there as far as a reader can tell.
      exists = false;
    }
    index.outside?.set(resolved, exists);
  }
  return exists ? { kind: 'outside' } : { kind: 'missing' };
}

function finding(
  rule: string,
  source: string,
  fact: { line: number; column: number },
  message: string,
  extra: Record<string, unknown>,
): Finding {
  return {
    rule,
    severity: rule === 'broken-reference' ? 'warning' : 'error',
    file: source,
    line: fact.line,
    column: fact.column,
    message,
    ...extra,
  };
}

/**
 * Resolve one file's links and mentions against the repository: missing files and
 * directories, case-only mismatches, anchors in the same or another markdown file.
 */
export function checkCrossRefs(
  source: string,
  links: readonly LinkFact[],
  mentions: readonly MentionFact[],
  index: RepoIndex,
): CrossRefResult {
  const findings: Finding[] = [];
  const deps = new Set<string>();
  const budget: SuggestionBudget = { cells: SUGGESTION_BUDGET };
  let volatile = false;
  for (const link of links) {
    if (index.ignoreLink?.(link.target)) continue;
    const target = resolveTarget(source, link.target, index);
    if (!target) continue;
    const what = link.kind === 'image' ? 'image' : 'link';
    if (target.escapes) {
      findings.push(
        finding('broken-link', source, link, `${what} "${link.target}" points outside the repository root`, {
          target: link.target,
          resolved: target.resolved,
        }),
      );
      continue;
    }
    if (target.rootSegment !== undefined) {
      // A site route: the root has nothing of that name, so the link cannot mean a repository
      // path (checking it would report every route of a docs site). Creating that name re-checks it.
      deps.add(target.rootSegment);
      const root = existence(target.rootSegment, index);
      if (root.kind === 'outside') volatile = true;
      if (root.kind === 'missing') continue;
    }
    deps.add(target.resolved);
    let resolved = target.resolved;
    let state = existence(resolved, index);
    if (state.kind === 'missing') {
      // `./reactivity-core` or `./guide.html` beside `reactivity-core.md` / `guide.md`: a link to a
      // page as VitePress, Docusaurus and MkDocs route it, not to a missing file.
      const page = markdownPageOf(resolved);
      if (page !== undefined) {
        deps.add(page);
        const pageState = existence(page, index);
        if (pageState.kind === 'exists' || pageState.kind === 'outside') {
          resolved = page;
          state = pageState;
        }
      }
    }
    if (state.kind === 'outside') volatile = true;
    if (state.kind === 'missing') {
      findings.push(
        finding('broken-link', source, link, `${what} "${link.target}": ${target.resolved} does not exist`, {
          target: link.target,
          resolved: target.resolved,
        }),
      );
      continue;
    }
    if (state.kind === 'case') {
      findings.push(
        finding(
          'link-case-mismatch',
          source,
          link,
          `${what} "${link.target}": ${target.resolved} differs from ${state.actual} on disk only by letter case (works on macOS and Windows, breaks on Linux)`,
          {
            target: link.target,
            resolved: target.resolved,
            actual: state.actual,
          },
        ),
      );
      continue;
    }
    if (!target.fragment || GITHUB_LINE_FRAGMENT.test(target.fragment)) continue;
    // A directory's fragment points into the README that GitHub renders below its listing.
    const isDirectory = resolved === '' || (index.dirs.has(resolved) && !index.files.has(resolved));
    const anchorFile = isDirectory ? findReadme(resolved, index) : resolved;
    if (anchorFile && !isMarkdownPath(anchorFile)) continue;
    if (anchorFile && anchorFile !== target.resolved) deps.add(anchorFile);
    const anchors = anchorFile ? index.anchors(anchorFile) : [];
    if (!anchors || anchorIndex(anchors).all.has(target.fragment)) continue;
    const didYouMean = suggestAnchor(target.fragment, anchors, budget);
    const where =
      target.resolved === source
        ? 'this file'
        : (anchorFile ?? `${target.resolved || 'the root directory'} (no README)`);
    findings.push(
      finding(
        'missing-anchor',
        source,
        link,
        `${what} "${link.target}": no heading or anchor "#${target.fragment}" in ${where}${didYouMean ? ` (did you mean "#${didYouMean}"?)` : ''}`,
        {
          target: link.target,
          resolved,
          anchor: target.fragment,
          ...(didYouMean ? { didYouMean } : {}),
        },
      ),
    );
  }
  for (const mention of mentions) {
    if (SCHEME.test(mention.target) || mention.target.startsWith('//')) continue;
    const relative = resolveTarget(source, mention.target.replace(/^\//, './'), index);
    const fromRoot = resolveTarget('', mention.target.replace(/^\.?\//, ''), index);
    const candidates = [relative, fromRoot].filter(
      (candidate): candidate is ResolvedTarget => !!candidate && !candidate.escapes,
    );
    let found = false;
    for (const candidate of candidates) {
      deps.add(candidate.resolved);
      const state = existence(candidate.resolved, index);
      if (state.kind === 'outside') volatile = true;
      if (state.kind === 'exists' || state.kind === 'outside') found = true;
    }
    if (found) continue;
    const resolved = candidates[0]?.resolved ?? mention.target;
    const label = mention.kind === 'comment' ? `comment reference ${mention.name}` : 'mention';
    findings.push(
      finding(
        'broken-reference',
        source,
        mention,
        `${label} "${mention.target}" points to no file (tried ${[...new Set(candidates.map((candidate) => candidate.resolved))].join(' and ')})`,
        {
          target: mention.target,
          resolved,
        },
      ),
    );
  }
  return { findings, deps: [...deps], volatile };
}
