#!/usr/bin/env node
// `pnpm corpus [name...] [--only code|docs] [--max N] [--label NAME]`: runs warmbuild over the
// public repositories of bench/corpus/repos.json (checked out under $WARMBUILD_CORPUS, never in
// this repository) and compares it with independent oracles: ts.transpileModule +
// ts.resolveModuleName for cycles and unresolved imports, markdownlint-cli2 for the six style
// rules, remark-validate-links for links. See docs/corpus.md.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CODE_EXTENSIONS, DECLARATION, createExplainer, runTsOracle } from './ts-oracle.mjs';
import { createHash } from 'node:crypto';
import {
  LINK_RULES,
  STYLE_ALIASES,
  STYLE_IDS,
  dropAnchorsOnMissingFiles,
  findMarkdownlintCli2,
  hasMarkdownlintConfig,
  runMarkdownlint,
  runRemark,
  warmbuildLinkKeys,
} from './docs-oracles.mjs';
import { compareCycles, compareLinks, compareStyle, compareUnresolved } from './compare.mjs';

const ts = (await import('typescript')).default;
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const flagValues = new Set(
  ['--only', '--max', '--label', '--bin'].flatMap((name) =>
    args.includes(name) ? [args[args.indexOf(name) + 1]] : [],
  ),
);
const wanted = args.filter((arg) => !arg.startsWith('--') && !flagValues.has(arg));
const only = flag('only', 'code,docs').split(',');
const max = Number(flag('max', '12'));
const label = flag('label', 'latest');
const bin = path.resolve(flag('bin', path.join(repoRoot, 'packages/core/dist/cli/bin.js')));

const corpusDir = process.env.WARMBUILD_CORPUS;
const repos = JSON.parse(fs.readFileSync(path.join(here, 'repos.json'), 'utf8'));
if (!corpusDir) {
  console.error(
    'corpus: set WARMBUILD_CORPUS to the directory holding the checkouts (docs/corpus.md says how to get them).',
  );
  process.exit(2);
}
if (!fs.existsSync(bin)) {
  console.error(`corpus: no warmbuild CLI at ${bin}: run \`pnpm build\` first.`);
  process.exit(2);
}
for (const name of wanted) {
  if (!repos.some((repo) => repo.name === name)) {
    console.error(
      `corpus: no repository named ${name} in bench/corpus/repos.json; have ${repos.map((r) => r.name).join(', ')}`,
    );
    process.exit(2);
  }
}
const selected = repos.filter((repo) => wanted.length === 0 || wanted.includes(repo.name));
const missing = selected.filter((repo) => !fs.existsSync(path.join(corpusDir, repo.name)));
for (const repo of missing) {
  console.log(
    `missing: ${repo.name} (${repo.shape}); get it with\n  git clone https://github.com/${repo.github} ${path.join(corpusDir, repo.name)} && git -C ${path.join(corpusDir, repo.name)} checkout ${repo.commit}`,
  );
  if (repo.setup) console.log(`  then, in it: ${repo.setup}`);
}
const resultsDir = path.join(corpusDir, '.results', label);
fs.mkdirSync(resultsDir, { recursive: true });
const cli2 = findMarkdownlintCli2(corpusDir);
const warmbuildVersion = spawnSync('git', ['-C', repoRoot, 'log', '-1', '--format=%h %s'], {
  encoding: 'utf8',
}).stdout.trim();
console.log(`warmbuild: ${bin} (${warmbuildVersion})`);
console.log(
  `oracles: typescript ${(await import('typescript')).default.version}, markdownlint-cli2 ${cli2.version} (markdownlint ${cli2.markdownlintVersion}), remark-validate-links ${readVersion('remark-validate-links')}`,
);

const summary = [];
for (const repo of selected) {
  const root = path.join(corpusDir, repo.name);
  if (!fs.existsSync(root)) continue;
  console.log(`\n## ${repo.name} (${repo.github} @ ${repo.commit.slice(0, 12)}): ${repo.shape}`);
  const result = { name: repo.name, github: repo.github, commit: repo.commit, warmbuild: warmbuildVersion, rules: {} };
  writeWarmbuildConfig(root, repo);
  if (repo.checks.includes('code') && only.includes('code')) {
    // config-error exists from the graph branch on; an older CLI rejects the unknown rule id.
    let staticRun = runWarmbuild(root, ['--only', 'circular-import,unresolved-import,config-error']);
    if (staticRun.aborted && /config-error/.test(staticRun.aborted))
      staticRun = runWarmbuild(root, ['--only', 'circular-import,unresolved-import']);
    let dynamicRun = runWarmbuild(root, ['--only', 'circular-import', '--dynamic-imports']);
    let files = listFiles(root).filter((file) => CODE_EXTENSIONS.test(file) && !DECLARATION.test(file));
    // A run warmbuild aborts (a tsconfig it cannot load) compares nothing. To still see the rest,
    // compare again with the directories of every config TypeScript reports errors for excluded
    // on both sides, and say so: the abort itself stays a finding of this run.
    const abortedWith = staticRun.aborted;
    let excluded = [];
    if (abortedWith && /CONFIG_INVALID/.test(abortedWith)) {
      excluded = brokenConfigDirs(root, listFiles(root), abortedWith);
      for (let attempt = 0; attempt < 8; attempt++) {
        writeWarmbuildConfig(root, repo, excluded);
        staticRun = runWarmbuild(root, ['--only', 'circular-import,unresolved-import']);
        const named = staticRun.aborted && /CONFIG_INVALID\] ([^:]+):/.exec(staticRun.aborted)?.[1];
        if (!named || excluded.includes(path.posix.dirname(named)) || path.posix.dirname(named) === '.') break;
        excluded = [...excluded, path.posix.dirname(named)];
      }
      dynamicRun = runWarmbuild(root, ['--only', 'circular-import', '--dynamic-imports']);
      writeWarmbuildConfig(root, repo);
      files = files.filter((file) => !excluded.some((dir) => file.startsWith(`${dir}/`)));
      console.log(
        `warmbuild aborted: ${abortedWith}\n  compared again with ${excluded.length} directories excluded on both sides: ${excluded.slice(0, 6).join(', ')}${excluded.length > 6 ? ', ...' : ''}`,
      );
    }
    const {
      value: oracleData,
      ms: oracleMs,
      cached: oracleCached,
    } = cachedOracle(repo, 'typescript', [files], () => runTsOracle(root, files));
    const oracle = { ...oracleData, explain: createExplainer(root) };
    console.log(
      `code files: ${files.length}; oracle ${fmtMs(oracleMs)}${oracleCached ? ' (cached)' : ''} (${oracle.edgeCount} static edges, ${oracle.dynamicEdgeCount} with import()); ` +
        `warmbuild ${fmtMs(staticRun.ms)} + ${fmtMs(dynamicRun.ms)} --dynamic-imports`,
    );
    const configFindings = staticRun.findings.filter((f) => f.rule === 'config-error');
    if (configFindings.length > 0 || oracle.configErrors.length > 0) {
      const ours = new Set(configFindings.map((f) => f.file));
      const theirs = new Set(oracle.configErrors.map((e) => e.file));
      console.log(
        `config-error: warmbuild ${ours.size} files, TypeScript reports errors in ${theirs.size}; only warmbuild: ${
          [...ours]
            .filter((f) => !theirs.has(f))
            .slice(0, 5)
            .join(', ') || '-'
        }; only TypeScript: ${
          [...theirs]
            .filter((f) => !ours.has(f))
            .slice(0, 5)
            .join(', ') || '-'
        }`,
      );
      result.configError = {
        warmbuild: configFindings.map((f) => ({ file: f.file, message: f.message })),
        typescript: oracle.configErrors,
      };
    }
    if (oracle.configErrors.length > 0)
      console.log(
        `tsconfig errors TypeScript reports (${oracle.configErrors.length}): ${oracle.configErrors
          .slice(0, 3)
          .map((e) => `${e.file}: ${e.message.slice(0, 120)}`)
          .join(' | ')}`,
      );
    result.oracle = {
      files: files.length,
      ms: oracleMs,
      configErrors: oracle.configErrors,
      transpileErrors: oracle.transpileErrors,
      abortedWith,
      excluded,
    };
    const abortNote = (outcome) =>
      abortedWith
        ? {
            ...outcome,
            notes: [
              `warmbuild aborted on the whole repository (${abortedWith.slice(0, 200)}); compared with ${excluded.length} directories excluded`,
              ...(outcome.notes ?? []),
            ],
            abortedWhole: true,
          }
        : outcome;
    result.rules['circular-import'] = abortNote(
      compareCycles('circular-import', staticRun, oracle.sccs, { ms: oracleMs }),
    );
    result.rules['circular-import --dynamic-imports'] = abortNote(
      compareCycles('circular-import --dynamic-imports', dynamicRun, oracle.sccsDynamic, { ms: oracleMs }),
    );
    result.rules['unresolved-import'] = abortNote(compareUnresolved(staticRun, oracle, { ms: oracleMs }));
  }
  if (repo.checks.includes('docs') && only.includes('docs')) {
    const docsRun = runWarmbuild(root, ['--only', [...STYLE_ALIASES, ...LINK_RULES].join(',')]);
    const { value: lint } = cachedOracle(repo, `markdownlint-cli2 ${cli2.version}`, [], () =>
      runMarkdownlint(
        cli2,
        root,
        repo.include?.map((dir) => `${dir}/**/*.{md,markdown}`),
      ),
    );
    result.rules.style = compareStyle(docsRun, lint, root);
    const { value: remark } = await cachedOracleAsync(repo, 'remark-validate-links', [], () =>
      runRemark(root, `https://github.com/${repo.github}`, repo.include),
    );
    result.rules.links = compareLinks(docsRun, remark, { warmbuildLinkKeys, dropAnchorsOnMissingFiles }, root);
  }
  for (const [rule, outcome] of Object.entries(result.rules)) {
    printOutcome(rule, outcome);
    summary.push({ repo: repo.name, rule, ...pick(outcome) });
  }
  fs.writeFileSync(path.join(resultsDir, `${repo.name}.json`), JSON.stringify(result, null, 1));
}

console.log('\n## Summary (agreement = findings both report / findings either reports)\n');
console.log(
  '| repository | rule | warmbuild | oracle | both | only warmbuild | only oracle | agreement | warmbuild ms | oracle ms |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of summary) {
  const agreement = row.aborted
    ? `aborted`
    : row.either === 0
      ? '100% (none)'
      : `${((100 * row.both) / row.either).toFixed(1)}%`;
  console.log(
    `| ${row.repo} | ${row.rule} | ${row.aborted ? '-' : row.warmbuild} | ${row.oracle} | ${row.both} | ${row.onlyWarmbuild} | ${row.onlyOracle} | ${agreement} | ${Math.round(row.warmbuildMs)} | ${Math.round(row.oracleMs)} |`,
  );
}
fs.writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify(summary, null, 1));
console.log(`\nfull lists: ${resultsDir}`);

function pick(outcome) {
  const { warmbuild, oracle, both, onlyWarmbuild, onlyOracle, warmbuildMs, oracleMs, aborted } = outcome;
  return {
    warmbuild,
    oracle,
    both,
    onlyWarmbuild: onlyWarmbuild.length,
    onlyOracle: onlyOracle.length,
    either: both + onlyWarmbuild.length + onlyOracle.length,
    warmbuildMs,
    oracleMs,
    aborted,
  };
}

function printOutcome(rule, outcome) {
  const head = outcome.aborted
    ? `warmbuild aborted: ${outcome.aborted}`
    : `warmbuild ${outcome.warmbuild}, oracle ${outcome.oracle}, both ${outcome.both}, only warmbuild ${outcome.onlyWarmbuild.length}, only oracle ${outcome.onlyOracle.length}`;
  console.log(`\n### ${rule}: ${head} (warmbuild ${fmtMs(outcome.warmbuildMs)}, oracle ${fmtMs(outcome.oracleMs)})`);
  for (const note of outcome.notes ?? []) console.log(`  note: ${note}`);
  for (const [title, list] of [
    ['only warmbuild', outcome.onlyWarmbuild],
    ['only oracle', outcome.onlyOracle],
  ]) {
    if (list.length === 0) continue;
    const byClass = new Map();
    for (const item of list) byClass.set(item.class, [...(byClass.get(item.class) ?? []), item]);
    for (const [cls, items] of byClass) {
      console.log(`  ${title} [${cls}]: ${items.length}`);
      for (const item of items.slice(0, max)) console.log(`    ${item.where}  ${item.detail}`);
      if (items.length > max) console.log(`    ... ${items.length - max} more`);
    }
  }
}

/**
 * Oracle outputs depend only on the checkout, the oracle code and the tools' versions, never on
 * warmbuild: a run against another warmbuild build reuses them (\`--fresh-oracles\` recomputes).
 * Keyed by the checkout's HEAD and status, its node_modules links, the oracle sources and `extra`.
 */
function oracleKey(repo, kind, extra) {
  const root = path.join(corpusDir, repo.name);
  const hash = createHash('sha256');
  const git = (...gitArgs) =>
    spawnSync('git', ['-C', root, ...gitArgs], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout;
  hash.update(
    `${kind}\0${git('rev-parse', 'HEAD')}\0${git('status', '--porcelain')}\0${JSON.stringify(repo.include ?? [])}\0`,
  );
  const links = path.join(root, 'node_modules');
  if (fs.existsSync(links)) hash.update(fs.readdirSync(links, { recursive: true }).sort().join('\n'));
  for (const name of ['ts-oracle.mjs', 'docs-oracles.mjs', 'markdownlint-driver.mjs'])
    hash.update(fs.readFileSync(path.join(here, name)));
  hash.update(JSON.stringify(extra));
  return path.join(
    corpusDir,
    '.oracle-cache',
    `${repo.name}-${kind.replace(/[^a-z0-9.-]+/gi, '_')}-${hash.digest('hex').slice(0, 16)}.json`,
  );
}

function cachedOracle(repo, kind, extra, compute) {
  const file = oracleKey(repo, kind, extra);
  if (!args.includes('--fresh-oracles') && fs.existsSync(file))
    return { ...JSON.parse(fs.readFileSync(file, 'utf8')), cached: true };
  const started = performance.now();
  const value = compute();
  const entry = { value, ms: performance.now() - started };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(entry));
  return { ...entry, cached: false };
}

async function cachedOracleAsync(repo, kind, extra, compute) {
  const file = oracleKey(repo, kind, extra);
  if (!args.includes('--fresh-oracles') && fs.existsSync(file))
    return { ...JSON.parse(fs.readFileSync(file, 'utf8')), cached: true };
  const started = performance.now();
  const value = await compute();
  const entry = { value, ms: performance.now() - started };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(entry));
  return { ...entry, cached: false };
}

/**
 * The files of the checkout as warmbuild's discovery defines them: tracked plus untracked files,
 * less everything `.gitignore` matches, tracked files included (nestjs-realworld-example-app
 * commits `dist/` and ignores `dist/*`: git lists those files, warmbuild does not, by design).
 */
function listFiles(root) {
  const git = (...gitArgs) => {
    const run = spawnSync('git', ['-C', root, ...gitArgs], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed in ${root}: ${run.stderr}`);
    return run.stdout.split('\0').filter(Boolean);
  };
  const ignoredTracked = new Set(git('ls-files', '-z', '-ci', '--exclude-standard'));
  return [...new Set(git('ls-files', '-z', '-co', '--exclude-standard'))].filter(
    (file) => !ignoredTracked.has(file) && fs.existsSync(path.join(root, file)),
  );
}

/**
 * The configuration both sides get. warmbuild reads the repository's own markdownlint files (as
 * markdownlint-cli2 does); where there are none, markdownlint's default turns every rule on, so
 * warmbuild's config turns the six style rules on too. `repository` names the GitHub repository
 * whose URLs are local links, as remark-validate-links is told.
 */
function writeWarmbuildConfig(root, repo, exclude = []) {
  const config = { checks: { docs: { repository: repo.github } } };
  if (exclude.length > 0 || repo.include) config.files = {};
  if (exclude.length > 0) config.files.exclude = exclude.map((dir) => `${dir}/**`);
  // `include` (repos.json): directories a repository is limited to on every side, for scale.
  if (repo.include) config.files.include = repo.include.map((dir) => `${dir}/**`);
  if (!hasMarkdownlintConfig(root)) config.rules = Object.fromEntries(STYLE_IDS.map((id) => [id, 'warning']));
  fs.writeFileSync(
    path.join(root, 'warmbuild.config.jsonc'),
    `// written by warmbuild's \`pnpm corpus\` (bench/corpus/run.mjs)\n${JSON.stringify(config, null, 2)}\n`,
  );
}

/**
 * Directories of the tsconfig/jsconfig files plain TypeScript cannot load (fatal, or a missing
 * or circular `extends`), plus the one warmbuild named. Never the root itself.
 */
function brokenConfigDirs(root, allFiles, abortMessage) {
  const dirs = new Set();
  const named = /CONFIG_INVALID\] ([^:]+):/.exec(abortMessage)?.[1];
  if (named) dirs.add(path.posix.dirname(named));
  for (const file of allFiles.filter((f) => /(^|\/)[tj]sconfig[^/]*\.json$/.test(f))) {
    let fatal = false;
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(root, file),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => (fatal = true) },
    );
    const extendsBroken = (parsed?.errors ?? []).some(
      (d) =>
        [5083, 6053, 18000, 5012, 1005, 1136, 1327, 1328].includes(d.code) ||
        /extends|Cannot read file|not found/i.test(ts.flattenDiagnosticMessageText(d.messageText, ' ')),
    );
    if (fatal || !parsed || extendsBroken) dirs.add(path.posix.dirname(file));
  }
  dirs.delete('.');
  // Keep the outermost of nested directories.
  const sorted = [...dirs].sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

function runWarmbuild(root, extra) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'check', root, '--format', 'json', '--no-cache', ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  if (run.status !== 0 && run.status !== 1)
    return {
      ms,
      aborted: `exit ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(0, 3).join(' ').slice(0, 400)}`,
      findings: [],
    };
  return { ms, findings: JSON.parse(run.stdout).findings };
}

function readVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
