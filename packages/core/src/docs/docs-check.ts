import fs from 'node:fs';
import path from 'node:path';
import type { Check, CheckContext, RuleMeta } from '../checks/types.js';
import type { LoadedFile } from '../files/loader.js';
import type { Finding } from '../types.js';
import { fingerprintOptions } from '../cache/hash.js';
import { debug } from '../internal/debug.js';
import { WarmbuildError } from '../errors.js';
import { STYLE_RULES } from './style-rules.js';
import { MAX_NESTING } from './options.js';
import type { FileDocResult } from './lint-file.js';
import { loadMarkdownlintConfig } from './markdownlint-config.js';
import { checkCrossRefs, githubPrefixFromUrl, isMarkdownPath, type CrossRefResult, type RepoIndex } from './cross-refs.js';
import { DOCS_ENGINE_VERSION, type DocsCheckOptions } from './options.js';

export const DOCS_RULES: readonly RuleMeta[] = [
  ...STYLE_RULES.map((rule): RuleMeta => ({ id: rule.id, aliases: [rule.alias], severity: 'warning', description: rule.description })),
  { id: 'broken-link', severity: 'error', description: 'Relative link or image to a file or directory that does not exist' },
  { id: 'missing-anchor', severity: 'error', description: 'Link fragment with no matching heading or HTML anchor' },
  { id: 'link-case-mismatch', severity: 'error', description: 'Link whose path differs from the file on disk only by letter case' },
  { id: 'broken-reference', severity: 'warning', description: 'Backtick mention or comment reference to a markdown file that does not exist' },
  { id: 'doc-skipped', severity: 'warning', description: 'Markdown file that was not checked (too large, binary, nested too deep) or has invalid UTF-8' },
];

const ALIAS_OF = new Map(STYLE_RULES.map((rule) => [rule.id, rule.alias]));

/** One file's entry in the persisted index: its content hash, facts and last cross-reference result. */
interface IndexEntry {
  h: string;
  r: FileDocResult;
  x?: CrossRefResult;
}

interface DocsIndex {
  v: number;
  files: Record<string, IndexEntry>;
  /** Every discovered path last run: additions and deletions change link targets. */
  paths: string[];
}

function readOptions(value: unknown): DocsCheckOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new WarmbuildError('OPTION_INVALID', 'options.checks.docs must be an object', { hint: 'e.g. { config: { MD013: { line_length: 120 } } }' });
  }
  const options = value as DocsCheckOptions;
  if (options.config !== undefined && (typeof options.config !== 'object' || options.config === null || Array.isArray(options.config))) {
    throw new WarmbuildError('OPTION_INVALID', 'options.checks.docs.config must be a markdownlint configuration object', {
      hint: 'e.g. { MD013: { line_length: 120 }, MD010: false }',
    });
  }
  return options;
}

/** `.git/config`, or for a linked worktree (`.git` is a `gitdir:` file) the main repository's config. */
function gitConfigPath(root: string): string {
  const dotGit = path.join(root, '.git');
  if (!fs.statSync(dotGit).isFile()) return path.join(dotGit, 'config');
  const gitDir = path.resolve(root, /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1].trim() ?? '.git');
  let commonDir = gitDir;
  try {
    commonDir = path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // A submodule's git directory has no commondir: its own config holds its remote.
  }
  return path.join(commonDir, 'config');
}

function detectGithubPrefixes(root: string, repository: string | undefined): string[] {
  if (repository) {
    const prefix = githubPrefixFromUrl(repository.includes('github.com') ? repository : `github.com/${repository}`);
    return prefix ? [prefix] : [];
  }
  const prefixes = new Set<string>();
  try {
    const gitConfig = fs.readFileSync(gitConfigPath(root), 'utf8');
    for (const match of gitConfig.matchAll(/^\s*url\s*=\s*(.+)$/gm)) {
      const prefix = githubPrefixFromUrl(match[1]);
      if (prefix) prefixes.add(prefix);
    }
  } catch {
    // No git metadata (an export, a tarball): package.json may say.
  }
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    // npm's shorthands: "github:owner/name" and plain "owner/name" both mean GitHub.
    const prefix = url ? githubPrefixFromUrl(url.replace(/^github:/, 'github.com/').replace(/^([\w.-]+\/[\w.-]+)$/, 'github.com/$1')) : undefined;
    if (prefix) prefixes.add(prefix);
  } catch {
    // No or unparsable package.json: no GitHub URLs are treated as local.
  }
  return [...prefixes];
}

function buildRepoIndex(root: string, files: readonly LoadedFile[], results: ReadonlyMap<string, FileDocResult>, githubPrefixes: string[]): RepoIndex {
  const fileSet = new Set<string>();
  const dirs = new Set<string>();
  const lowerCase = new Map<string, string[]>();
  const addLower = (p: string) => {
    const key = p.toLowerCase();
    const list = lowerCase.get(key);
    if (!list) lowerCase.set(key, [p]);
    else if (!list.includes(p)) list.push(p);
  };
  for (const file of files) {
    fileSet.add(file.path);
    addLower(file.path);
    for (let slash = file.path.lastIndexOf('/'); slash > 0; slash = file.path.lastIndexOf('/', slash - 1)) {
      const dir = file.path.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      addLower(dir);
    }
  }
  return { root, files: fileSet, dirs, lowerCase, anchors: (file) => results.get(file)?.anchors, githubPrefixes };
}

function ancestors(file: string): string[] {
  const out = [file];
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) out.push(file.slice(0, slash));
  return out;
}

async function lintChanged(context: CheckContext, files: LoadedFile[], lint: (content: Buffer) => FileDocResult): Promise<Map<string, { hash: string; result: FileDocResult }>> {
  const out = new Map<string, { hash: string; result: FileDocResult }>();
  await Promise.all(
    files.map(async (file) => {
      if (context.signal.aborted) return;
      const { content, hash } = await context.read(file);
      out.set(file.path, { hash, result: lint(content) });
    }),
  );
  return out;
}

/**
 * The doc validator: markdownlint's six style rules and cross-file link checking over every
 * markdown file. One persisted index (per configuration) holds each file's hash, findings,
 * anchors and links, so a warm run reads no markdown and an edit re-lints one file and
 * re-resolves only the files whose links point at what changed.
 */
export const docsCheck: Check = {
  id: 'docs',
  rules: DOCS_RULES,
  salt: () => [DOCS_ENGINE_VERSION],
  async run(context) {
    const options = readOptions(context.checkOptions);
    const loaded = options.configFiles === false ? { config: {}, noInlineConfig: false, files: [], fingerprint: '' } : loadMarkdownlintConfig(context.root);
    const config = { ...loaded.config, ...(options.config ?? {}) };
    const styleRules = new Set(STYLE_RULES.filter((rule) => context.isRuleEnabled(rule.id)).map((rule) => rule.id));
    const lintOptions = { config, noInlineConfig: loaded.noInlineConfig, styleRules };
    const indexKey = context.cache.key('docs-index', loaded.fingerprint, fingerprintOptions(config).fingerprint, [...styleRules].join(','));

    const findings: Finding[] = [];
    const markdown: LoadedFile[] = [];
    for (const file of context.files) {
      if (!isMarkdownPath(file.path)) continue;
      if (file.status === 'skipped' && file.reason !== 'not a regular file') {
        findings.push({ rule: 'doc-skipped', severity: 'warning', file: file.path, line: 0, column: 0, message: `not checked: ${file.reason ?? 'skipped by the loader'} (raise files.maxFileSize to check it)` });
      } else if (file.status === 'ok' && file.hash) {
        if (file.binary) {
          findings.push({ rule: 'doc-skipped', severity: 'warning', file: file.path, line: 0, column: 0, message: 'not checked: binary content (NUL bytes) in a markdown file' });
        } else {
          markdown.push(file);
        }
      }
    }

    const previous = await context.cache.getJson<DocsIndex>(indexKey);
    const prior = previous?.v === 1 ? previous : undefined;
    const stale = markdown.filter((file) => prior?.files[file.path]?.h !== file.hash);
    // The markdown parser loads only when a file must be linted: a warm run reads results from the index.
    const lintMarkdownFile = stale.length > 0 ? (await import('./lint-file.js')).lintMarkdownFile : undefined;
    const fresh = await lintChanged(context, stale, (content) => lintMarkdownFile!(content, lintOptions));

    const results = new Map<string, FileDocResult>();
    const next: DocsIndex = { v: 1, files: {}, paths: context.files.map((file) => file.path) };
    const changed = new Set<string>();
    for (const file of markdown) {
      const computed = fresh.get(file.path);
      if (computed) {
        results.set(file.path, computed.result);
        next.files[file.path] = { h: computed.hash, r: computed.result };
        changed.add(file.path);
      } else {
        const entry = prior!.files[file.path];
        results.set(file.path, entry.r);
        next.files[file.path] = { h: entry.h, r: entry.r, x: entry.x };
      }
    }
    const before = new Set(prior?.paths ?? []);
    const now = new Set(next.paths);
    let pathsChanged = before.size !== now.size;
    for (const p of now) {
      if (before.has(p)) continue;
      pathsChanged = true;
      for (const a of ancestors(p)) changed.add(a);
    }
    for (const p of before) {
      if (now.has(p)) continue;
      pathsChanged = true;
      for (const a of ancestors(p)) changed.add(a);
    }

    const wantsLinks = ['broken-link', 'missing-anchor', 'link-case-mismatch', 'broken-reference'].some((rule) => context.isRuleEnabled(rule));
    let index: RepoIndex | undefined;
    let crossRecomputed = 0;
    for (const file of markdown) {
      const entry = next.files[file.path];
      const result = entry.r;
      for (const style of result.style) {
        findings.push({ rule: style.rule, severity: 'warning', file: file.path, line: style.line, column: style.column, message: style.message, aliases: [ALIAS_OF.get(style.rule)!] });
      }
      if (result.invalidUtf8) {
        const { line, column } = result.invalidUtf8;
        findings.push({ rule: 'doc-skipped', severity: 'warning', file: file.path, line, column, message: 'invalid UTF-8: checked with U+FFFD in place of the bad bytes (as markdownlint reads it); save the file as UTF-8' });
      }
      if (result.nestingLimitLine !== undefined) {
        findings.push({
          rule: 'doc-skipped',
          severity: 'warning',
          file: file.path,
          line: result.nestingLimitLine,
          column: 1,
          message: `not checked: lists or block quotes nested more than ${MAX_NESTING} levels deep from this line on (links and style inside are skipped); flatten the nesting`,
        });
      }
      if (!wantsLinks) continue;
      let cross = entry.x;
      if (!cross || cross.volatile || changed.has(file.path) || cross.deps.some((dep) => changed.has(dep))) {
        index ??= buildRepoIndex(context.root, context.files, results, detectGithubPrefixes(context.root, options.repository));
        cross = checkCrossRefs(file.path, result.links, result.mentions, index);
        entry.x = cross;
        crossRecomputed++;
      }
      findings.push(...cross.findings);
    }
    debug('docs', ` ${stale.length} linted, ${crossRecomputed} cross-checked, ${markdown.length} markdown files`);
    if (stale.length > 0 || crossRecomputed > 0 || !prior || pathsChanged) await context.cache.setJson(indexKey, next);
    return findings;
  },
};
