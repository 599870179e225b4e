import fs from 'node:fs';
import path from 'node:path';
import type { Check, CheckContext } from '../checks/types.js';
import type { LoadedFile } from '../files/loader.js';
import type { Finding } from '../types.js';
import type { ReportItem } from '../report/report-items.js';
import { fingerprintOptions, hashParts } from '../cache/hash.js';
import { debug } from '../internal/debug.js';
import { WarmbuildError } from '../errors.js';
import { DOCS_RULES, STYLE_RULES } from './docs-rules.js';
import type { FileDocResult, LintFileOptions } from './lint-file.js';
import { MAX_NESTING } from './options.js';
import { configDirsOf, effectiveMarkdownlintConfig, loadMarkdownlintConfigsCached } from './markdownlint-config.js';
import { checkCrossRefs, githubPrefixFromUrl, isMarkdownPath, type RepoIndex } from './cross-refs.js';
import { DOCS_ENGINE_VERSION, type DocsCheckOptions } from './options.js';
import {
  decodeIndex,
  decodeLinks,
  decodeMentions,
  encodeIndex,
  encodeLinks,
  encodeMentions,
  encodeSummary,
  OWN_TAG,
  rowBlock,
  rowFindings,
  summaryRow,
  indexRow,
  indexRowParts,
  runDigest,
  splitSummary,
  type IndexFacts,
  type Rows,
  type SummaryRow,
} from './docs-state.js';

const ALIAS_OF = new Map(STYLE_RULES.map((rule) => [rule.id, rule.alias]));

function readOptions(value: unknown): DocsCheckOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new WarmbuildError('OPTION_INVALID', 'options.checks.docs must be an object', {
      hint: 'e.g. { config: { MD013: { line_length: 120 } } }',
    });
  }
  const options = value as DocsCheckOptions;
  if (
    options.config !== undefined &&
    (typeof options.config !== 'object' || options.config === null || Array.isArray(options.config))
  ) {
    throw new WarmbuildError(
      'OPTION_INVALID',
      'options.checks.docs.config must be a markdownlint configuration object',
      {
        hint: 'e.g. { MD013: { line_length: 120 }, MD010: false }',
      },
    );
  }
  if (options.ignoreLinks !== undefined) {
    const hint = 'e.g. { ignoreLinks: ["^/api/", "^[^/#.:][^#.:]*(#.*)?$"] }';
    if (
      !Array.isArray(options.ignoreLinks) ||
      options.ignoreLinks.some((pattern) => typeof pattern !== 'string' || pattern === '')
    ) {
      throw new WarmbuildError(
        'OPTION_INVALID',
        'options.checks.docs.ignoreLinks must be an array of regular expressions as non-empty strings',
        { hint },
      );
    }
    for (const pattern of options.ignoreLinks) {
      try {
        new RegExp(pattern, 'u');
      } catch (error) {
        throw new WarmbuildError(
          'OPTION_INVALID',
          `options.checks.docs.ignoreLinks: ${JSON.stringify(pattern)} is not a regular expression (${(error as Error).message})`,
          { hint },
        );
      }
    }
  }
  return options;
}

/** Whether a link target as written matches one of `checks.docs.ignoreLinks`. */
function linkIgnorer(patterns: readonly string[] | undefined): ((target: string) => boolean) | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  const expressions = patterns.map((pattern) => new RegExp(pattern, 'u'));
  return (target) => expressions.some((expression) => expression.test(target));
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
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      repository?: string | { url?: string };
    };
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    // npm's shorthands: "github:owner/name" and plain "owner/name" both mean GitHub.
    const prefix = url
      ? githubPrefixFromUrl(url.replace(/^github:/, 'github.com/').replace(/^([\w.-]+\/[\w.-]+)$/, 'github.com/$1'))
      : undefined;
    if (prefix) prefixes.add(prefix);
  } catch {
    // No or unparsable package.json: no GitHub URLs are treated as local.
  }
  return [...prefixes];
}

function buildRepoIndex(
  root: string,
  files: readonly LoadedFile[],
  anchors: (file: string) => readonly string[] | undefined,
  githubPrefixes: string[],
  ignoreLink: ((target: string) => boolean) | undefined,
): RepoIndex {
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
  return {
    root,
    files: fileSet,
    dirs,
    lowerCase,
    anchors,
    githubPrefixes,
    ignoreLink,
    outside: new Map(),
    resolved: new Map(),
  };
}

function ancestors(file: string): string[] {
  const out = [file];
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1))
    out.push(file.slice(0, slash));
  return out;
}

interface LintGroup {
  /** Hash of the configuration, inline-config switch and style rules the group lints with. */
  id: string;
  options: LintFileOptions;
}

/** Set once lint-scheduler.js (markdown-it, maybe a worker pool) is loaded: dispose must not load it. */
let lintPoolLoaded = false;

/** A file's own findings: style findings and the invalid UTF-8 note. */
function ownFindings(file: string, result: FileDocResult): Finding[] {
  const out: Finding[] = [];
  for (const style of result.style) {
    out.push({
      rule: style.rule,
      severity: 'warning',
      file,
      line: style.line,
      column: style.column,
      message: style.message,
      aliases: [ALIAS_OF.get(style.rule)!],
    });
  }
  if (result.invalidUtf8) {
    const { line, column } = result.invalidUtf8;
    out.push({
      rule: 'doc-skipped',
      severity: 'warning',
      file,
      line,
      column,
      message:
        'invalid UTF-8: checked with U+FFFD in place of the bad bytes (as markdownlint reads it); save the file as UTF-8',
    });
  }
  if (result.nestingLimitLine !== undefined) {
    out.push({
      rule: 'doc-skipped',
      severity: 'warning',
      file,
      line: result.nestingLimitLine,
      column: 1,
      message: `not checked: lists or block quotes nested more than ${MAX_NESTING} levels deep from this line on (links and style inside are skipped); flatten the nesting`,
    });
  }
  return out;
}

/** Read and lint the changed files; many go to worker threads (see lint-scheduler.ts). */
async function lintChanged(
  context: CheckContext,
  files: LoadedFile[],
  options: LintFileOptions,
): Promise<Map<string, { hash: string; result: FileDocResult }>> {
  const out = new Map<string, { hash: string; result: FileDocResult }>();
  if (files.length === 0) return out;
  const { lintFiles } = await import('./lint-scheduler.js');
  lintPoolLoaded = true;
  const read = await Promise.all(files.map((file) => context.read(file)));
  if (context.signal.aborted) return out;
  const results = await lintFiles(
    read.map((entry) => entry.content),
    options,
  );
  files.forEach((file, i) => {
    out.set(file.path, { hash: read[i].hash, result: results[i] });
  });
  return out;
}

/**
 * The doc validator: markdownlint's six style rules and cross-file link checking over every
 * markdown file. A run with nothing changed compares one digest and prints the cached findings
 * (docs-state.ts); an edit re-lints the changed files and re-resolves only the files whose links
 * point at what changed. Nothing docs-specific (markdown-it, the rules) loads unless a file changed.
 */
export const docsCheck: Check = {
  id: 'docs',
  rules: DOCS_RULES,
  salt: () => [DOCS_ENGINE_VERSION],
  async run(context) {
    const options = readOptions(context.checkOptions);
    const ownConfig = options.config ?? {};
    const ownConfigured = Object.keys(ownConfig).length > 0;
    const loaded =
      options.configFiles === false
        ? { dirs: {}, files: [], fingerprint: '', errors: [] }
        : await loadMarkdownlintConfigsCached(
            context.root,
            configDirsOf(context.files.map((file) => file.path)),
            context.cache,
          );
    const enabledStyle = STYLE_RULES.filter((rule) => context.isRuleEnabled(rule.id)).map((rule) => rule.id);
    // Quiet by default: where no markdownlint configuration applies (no file from the root down
    // to the file's directory, no `checks.docs.config`), the style rules run only when named
    // (`rules`, `only`). A nested configuration turns them on for its own subtree, as it is the
    // configuration markdownlint-cli2 lints that subtree with. Cross-reference rules run everywhere.
    const requestedStyle = enabledStyle.filter((rule) => !!context.isRuleRequested?.(rule));
    // Files group by the configuration that applies to them: one lint pass per group.
    const groupOfDir = new Map<string, LintGroup>();
    const groups = new Map<string, LintGroup>();
    const groupOf = (file: string): LintGroup => {
      const slash = file.lastIndexOf('/');
      const dir = slash < 0 ? '' : file.slice(0, slash);
      let group = groupOfDir.get(dir);
      if (group) return group;
      const effective = effectiveMarkdownlintConfig(loaded, dir);
      const config = { ...effective.config, ...ownConfig };
      const styleRules = effective.configured || ownConfigured ? enabledStyle : requestedStyle;
      const id = hashParts([
        fingerprintOptions(config).fingerprint,
        String(effective.noInlineConfig),
        styleRules.join(','),
      ]);
      group = groups.get(id);
      if (!group) {
        group = { id, options: { config, noInlineConfig: effective.noInlineConfig, styleRules: new Set(styleRules) } };
        groups.set(id, group);
      }
      groupOfDir.set(dir, group);
      return group;
    };
    // A file's row is keyed by its content and its group: editing a nested configuration
    // re-lints exactly the files it applies to.
    const rowHash = (file: LoadedFile): string => hashParts([file.hash!, groupOf(file.path).id]);
    const wantsLinks = ['broken-link', 'missing-anchor', 'link-case-mismatch', 'broken-reference'].some((rule) =>
      context.isRuleEnabled(rule),
    );
    const githubPrefixes = wantsLinks ? detectGithubPrefixes(context.root, options.repository) : [];
    // GitHub prefixes change what every link resolves to: a new one starts a new state.
    // So do the ignored link patterns.
    const keyParts = [
      enabledStyle.join(','),
      requestedStyle.join(','),
      wantsLinks,
      githubPrefixes.join(' '),
      JSON.stringify(options.ignoreLinks ?? []),
    ];

    // The findings and, for files whose stored findings stand as they are, their stored blocks.
    const findings: ReportItem[] = [];
    if (context.isRuleEnabled('docs-config-error')) {
      for (const error of loaded.errors) {
        const fix = error.hint ? `; fix: ${error.hint}` : '';
        findings.push({
          rule: 'docs-config-error',
          severity: 'error',
          file: error.file,
          line: 0,
          column: 0,
          message: `${error.message}${fix} (left out: this directory uses the configuration above it)`,
        });
      }
    } else if (loaded.errors.length > 0) {
      context.logger.warn(
        `${loaded.errors.length} markdownlint configuration file(s) could not be loaded (${loaded.errors[0].file}...) and were left out. Run with rule docs-config-error to see why.`,
      );
    }
    const markdown: LoadedFile[] = [];
    for (const file of context.files) {
      if (!isMarkdownPath(file.path)) continue;
      if (file.status === 'skipped' && file.reason !== 'not a regular file') {
        findings.push({
          rule: 'doc-skipped',
          severity: 'warning',
          file: file.path,
          line: 0,
          column: 0,
          message: `not checked: ${file.reason ?? 'skipped by the loader'} (raise files.maxFileSize to check it)`,
        });
      } else if (file.status === 'ok' && file.hash) {
        if (file.binary) {
          findings.push({
            rule: 'doc-skipped',
            severity: 'warning',
            file: file.path,
            line: 0,
            column: 0,
            message: 'not checked: binary content (NUL bytes) in a markdown file',
          });
        } else {
          markdown.push(file);
        }
      }
    }
    // The configuration files' bytes are part of the run: an edit to one is a change.
    const digest = hashParts([
      runDigest(context.files, new Set(markdown.map((file) => file.path)), githubPrefixes),
      loaded.fingerprint,
    ]);

    // Nothing changed: the findings of the last run, as they were.
    const summaryKey = context.cache.key('docs-summary', ...keyParts);
    const stored = splitSummary(await context.cache.get(summaryKey));
    const priorSummary = stored ? stored.read() : undefined;
    if (
      stored?.digest === digest &&
      priorSummary &&
      !priorSummary.volatile &&
      markdown.every((file) => priorSummary.rows.has(file.path))
    ) {
      debug(
        'docs',
        ` 0 linted, 0 cross-checked, ${markdown.length} markdown files (nothing changed: findings from the summary)`,
      );
      // Handed on as stored blocks: a JSON report writes them as they were stored.
      for (const file of markdown) {
        const block = rowBlock(file.path, priorSummary.rows.get(file.path)!);
        if (block.length > 0) findings.push(block);
      }
      return findings;
    }

    const indexKey = context.cache.key('docs-index', ...keyParts);
    // Asked even without a summary: every entry a run writes is one it asks for (the remote
    // tier's bundles and its tests count on that); decoded only when it can be used.
    const indexBytes = await context.cache.get(indexKey);
    const previous = stored && priorSummary ? decodeIndex(indexBytes) : undefined;
    const prior = previous && previous.run === stored!.digest ? { index: previous, summary: priorSummary! } : undefined;
    const stale = markdown.filter((file) => {
      const row = prior?.index.rows.get(file.path);
      return !row || !prior!.summary.rows.has(file.path) || indexRowParts(row).hash !== rowHash(file);
    });
    const fresh = new Map<string, { hash: string; result: FileDocResult }>();
    const staleByGroup = new Map<LintGroup, LoadedFile[]>();
    for (const file of stale) {
      const group = groupOf(file.path);
      const members = staleByGroup.get(group);
      if (members) members.push(file);
      else staleByGroup.set(group, [file]);
    }
    for (const [group, members] of staleByGroup) {
      for (const [file, computed] of await lintChanged(context, members, group.options))
        fresh.set(file, { hash: hashParts([computed.hash, group.id]), result: computed.result });
    }

    // Rows of the new state: unchanged files keep their lines as they were.
    const indexRows: Rows = new Map();
    const summaryRows = new Map<string, SummaryRow>();
    const facts = new Map<string, IndexFacts>();
    const own = new Map<string, Finding[]>();
    const changed = new Set<string>();
    for (const file of markdown) {
      const computed = fresh.get(file.path);
      if (computed) {
        const { result } = computed;
        const fileFacts: IndexFacts = [
          encodeLinks(result.links),
          encodeMentions(result.mentions),
          result.anchors,
          null,
        ];
        facts.set(file.path, fileFacts);
        own.set(file.path, ownFindings(file.path, result));
        indexRows.set(file.path, indexRow(computed.hash, '-', fileFacts));
        changed.add(file.path);
      } else {
        indexRows.set(file.path, prior!.index.rows.get(file.path)!);
        summaryRows.set(file.path, prior!.summary.rows.get(file.path)!);
      }
    }
    const paths = context.files.map((file) => file.path);
    const before = new Set(prior?.index.paths ?? []);
    const now = new Set(paths);
    for (const p of now) if (!before.has(p)) for (const a of ancestors(p)) changed.add(a);
    for (const p of before) if (!now.has(p)) for (const a of ancestors(p)) changed.add(a);

    const factsOf = (file: string): IndexFacts | undefined => {
      let known = facts.get(file);
      if (!known) {
        const row = indexRows.get(file);
        if (row === undefined) return undefined;
        known = JSON.parse(indexRowParts(row).json) as IndexFacts;
        facts.set(file, known);
      }
      return known;
    };
    // Whether a resolved, unchanged file's result depends on a changed path: a text search of
    // its line first (each dependency is written there as a JSON string), then the exact test.
    const quotedChanges = changed.size <= 64 ? [...changed].map((p) => JSON.stringify(p)) : undefined;
    const dependsOnChange = (file: string, row: string): boolean => {
      if (quotedChanges && !quotedChanges.some((quoted) => row.includes(quoted))) return false;
      const deps = factsOf(file)?.[3];
      return !deps || deps.some((dep) => changed.has(dep));
    };

    let index: RepoIndex | undefined;
    let crossRecomputed = 0;
    let volatile = false;
    for (const file of markdown) {
      const row = indexRows.get(file.path)!;
      const parts = indexRowParts(row);
      const recompute =
        wantsLinks && (parts.flags !== '0' || changed.has(file.path) || dependsOnChange(file.path, row));
      const reused = summaryRows.get(file.path);
      if (!recompute && reused !== undefined) {
        const block = rowBlock(file.path, reused);
        if (block.length > 0) findings.push(block);
        if (parts.flags === '1') volatile = true;
        continue;
      }
      const ownFound =
        own.get(file.path) ??
        rowFindings(file.path, prior!.summary.rows.get(file.path)!)
          .filter((finding) => finding.tag === OWN_TAG)
          .map((finding) => finding.materialize());
      let cross: Finding[] | null = null;
      if (wantsLinks) {
        const fileFacts = factsOf(file.path)!;
        index ??= buildRepoIndex(
          context.root,
          context.files,
          (target) => factsOf(target)?.[2],
          githubPrefixes,
          linkIgnorer(options.ignoreLinks),
        );
        const result = checkCrossRefs(file.path, decodeLinks(fileFacts[0]), decodeMentions(fileFacts[1]), index);
        cross = result.findings;
        if (result.volatile) volatile = true;
        indexRows.set(
          file.path,
          indexRow(parts.hash, result.volatile ? '1' : '0', [fileFacts[0], fileFacts[1], fileFacts[2], result.deps]),
        );
        crossRecomputed++;
      }
      // Written before the findings leave: the caller may change their severity afterwards.
      summaryRows.set(file.path, summaryRow(ownFound, cross));
      for (const finding of ownFound) findings.push(finding);
      if (cross) for (const finding of cross) findings.push(finding);
    }
    debug('docs', ` ${stale.length} linted, ${crossRecomputed} cross-checked, ${markdown.length} markdown files`);
    await context.cache.set(indexKey, encodeIndex(digest, paths, indexRows));
    // A row per markdown file; encodeSummary writes them in path order whatever the map's order.
    await context.cache.set(summaryKey, encodeSummary(digest, volatile, summaryRows));
    return findings;
  },
  async dispose() {
    if (!lintPoolLoaded) return;
    const { closeLintPool } = await import('./lint-scheduler.js');
    await closeLintPool();
  },
};
