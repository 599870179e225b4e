// The docs oracles: markdownlint-cli2 (the current release, installed apart from the repo's
// pinned dev dependency) for the six style rules, and remark-validate-links as remark-cli runs it
// for links. Both run as their users run them, in the repository's directory, reading its own
// configuration files.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';

export const STYLE_ALIASES = ['MD001', 'MD003', 'MD007', 'MD009', 'MD010', 'MD013'];
export const STYLE_IDS = [
  'heading-increment',
  'heading-style',
  'ul-indent',
  'no-trailing-spaces',
  'no-hard-tabs',
  'line-length',
];
export const LINK_RULES = ['broken-link', 'missing-anchor', 'link-case-mismatch'];

/**
 * markdownlint-cli2: the newest of the root's copy and `$WARMBUILD_CORPUS/.tools` (where
 * `npm install markdownlint-cli2@latest --ignore-scripts` puts the current release).
 */
export function findMarkdownlintCli2(corpusDir) {
  const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const candidates = [
    path.join(corpusDir, '.tools/node_modules/markdownlint-cli2'),
    path.join(repoRoot, 'node_modules/markdownlint-cli2'),
  ];
  const versions = candidates
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, version: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version }));
  const newer = (a, b) =>
    a.version
      .split('.')
      .map(Number)
      .reduce((cmp, part, i) => cmp || part - Number(b.version.split('.')[i]), 0);
  versions.sort((a, b) => newer(b, a));
  const best = versions[0];
  // markdownlint beside markdownlint-cli2 (pnpm's store layout) or hoisted next to it (npm's).
  const real = fs.realpathSync(best.dir);
  const linterDir = [path.join(real, 'node_modules/markdownlint'), path.join(path.dirname(real), 'markdownlint')].find(
    (dir) => fs.existsSync(path.join(dir, 'package.json')),
  );
  const linter = linterDir
    ? JSON.parse(fs.readFileSync(path.join(linterDir, 'package.json'), 'utf8')).version
    : 'unknown';
  return { entry: path.join(best.dir, 'markdownlint-cli2.mjs'), version: best.version, markdownlintVersion: linter };
}

/** Whether the repository's root holds a markdownlint configuration markdownlint-cli2 reads. */
export function hasMarkdownlintConfig(root) {
  return [
    '.markdownlint-cli2.jsonc',
    '.markdownlint-cli2.yaml',
    '.markdownlint-cli2.cjs',
    '.markdownlint-cli2.mjs',
    '.markdownlint.jsonc',
    '.markdownlint.json',
    '.markdownlint.yaml',
    '.markdownlint.yml',
    '.markdownlint.cjs',
    '.markdownlint.mjs',
  ].some((name) => fs.existsSync(path.join(root, name)));
}

/**
 * markdownlint-cli2 over every markdown file of `root` (node_modules excluded, as it does by
 * default; `fix` forced off, see markdownlint-driver.mjs), keyed `file:line MDxxx` for the six rules. Returns the raw lines too, for messages.
 */
export function runMarkdownlint(cli2, root, globs = ['**/*.{md,markdown}']) {
  const started = performance.now();
  const driver = path.join(path.dirname(new URL(import.meta.url).pathname), 'markdownlint-driver.mjs');
  const run = spawnSync(process.execPath, [driver, cli2.entry, ...globs, '#**/node_modules'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  const findings = [];
  const pattern = /^(.+?):(\d+)(?::(\d+))? (?:error |warning )?(MD\d{3})\/(\S+) (.*)$/;
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
    const match = pattern.exec(line);
    if (!match || !STYLE_ALIASES.includes(match[4])) continue;
    findings.push({ file: match[1], line: Number(match[2]), rule: match[4], text: match[6] });
  }
  const linted = /Linting: (\d+) file/.exec(run.stdout)?.[1];
  return {
    findings,
    ms,
    status: run.status,
    linted: linted === undefined ? undefined : Number(linted),
    error: run.status === 2 ? run.stderr.slice(0, 500) : undefined,
  };
}

/**
 * remark-validate-links as remark-cli runs it (unified-engine gives the plugin the whole file
 * set, so headings in other files are checked), keyed as test/docs/remark-oracle.ts keys them:
 * `file:line file <resolved>` and `file:line anchor <resolved>#<fragment>`.
 */
export async function runRemark(root, repository, include = ['.']) {
  const { remark } = await import('remark');
  const { default: remarkValidateLinks } = await import('remark-validate-links');
  const { engine } = await import('unified-engine');
  const started = performance.now();
  const files = await new Promise((resolve, reject) => {
    engine(
      {
        processor: remark(),
        cwd: root,
        files: include,
        extensions: ['md', 'markdown'],
        ignorePath: undefined,
        plugins: [[remarkValidateLinks, { repository, root }]],
        out: false,
        output: false,
        silent: true,
        streamError: new Writable({ write: (_chunk, _encoding, done) => done() }),
      },
      (error, _code, context) => (error ? reject(error) : resolve(context?.files ?? [])),
    );
  });
  const keys = [];
  const other = [];
  for (const file of files) {
    const rel = path.relative(root, path.resolve(root, file.path)).split(path.sep).join('/');
    const dir = path.posix.dirname(rel);
    const resolveTarget = (target) => {
      const joined = path.posix.normalize(path.posix.join(dir, target));
      return joined === '.' ? '' : joined.replace(/\/$/, '');
    };
    for (const message of file.messages) {
      const missingFile = /^Cannot find file `([^`]*)`/.exec(message.reason);
      const missingHeading = /^Cannot find heading for `#([^`]*)`(?: in `([^`]*)`)?/.exec(message.reason);
      if (missingFile) keys.push(`${rel}:${message.line} file ${resolveTarget(missingFile[1])}`);
      else if (missingHeading)
        keys.push(
          `${rel}:${message.line} anchor ${missingHeading[2] === undefined ? rel : resolveTarget(missingHeading[2])}#${missingHeading[1]}`,
        );
      else other.push(`${rel}:${message.line ?? 0} ${message.reason}`);
    }
  }
  return { keys: keys.sort(), other, files: files.length, ms: performance.now() - started };
}

/** warmbuild's link findings in remark's key format (link-case-mismatch as a missing file, fragments lower-cased as remark compares them). */
export function warmbuildLinkKeys(findings) {
  const keys = [];
  for (const finding of findings) {
    const where = `${finding.file}:${finding.line}`;
    if (finding.rule === 'broken-link' || finding.rule === 'link-case-mismatch')
      keys.push(`${where} file ${String(finding.resolved)}`);
    else if (finding.rule === 'missing-anchor')
      keys.push(`${where} anchor ${String(finding.resolved)}#${String(finding.anchor).toLowerCase()}`);
  }
  return keys.sort();
}

/**
 * The documented systematic difference: for a link to a missing file with a `#fragment`, remark
 * reports the file and the heading, warmbuild one broken-link. Drops remark's heading key.
 */
export function dropAnchorsOnMissingFiles(remarkKeys) {
  const missingFiles = new Set(
    remarkKeys.filter((key) => key.includes(' file ')).map((key) => key.replace(' file ', ' anchor ')),
  );
  return remarkKeys.filter(
    (key) => !(key.includes(' anchor ') && missingFiles.has(key.slice(0, key.lastIndexOf('#')))),
  );
}
