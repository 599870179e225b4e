// Doc validator: warmbuild (cold / warm / one file edited) against markdownlint-cli2,
// remark-validate-links (remark-cli) and rumdl on a real ~1,100-file docs corpus
// (MicrosoftDocs/PowerShell-Docs markdown, fetched into /work/.mirror, checked out under
// benchDir('docs'), never into this repository). Restricted to the six style rules + links.
// Before it, on generated repositories (docs-scale.mjs): warm on 70,000 findings, and bad
// shapes doubled from 1 to 8 MB. WARMBUILD_BENCH_DOCS=findings,doubling,corpus picks parts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, cliPath, fmtMs, ratio, repoRoot, table, timeCommand } from './lib.mjs';
import { benchDoubling, benchWarmFindings } from './docs-scale.mjs';

const MIRROR = '/work/.mirror/MicrosoftDocs+PowerShell-Docs/repo';
const PATHS = [
  'reference/docs-conceptual/*.md',
  'reference/7.5/*.md',
  'reference/includes/*.md',
  'README.md',
  'CONTRIBUTING.md',
  '.markdownlint.yaml',
  'reference/docs-conceptual/*.png',
  'reference/docs-conceptual/*.yml',
];
const SIX = ['MD001', 'MD003', 'MD007', 'MD009', 'MD010', 'MD013'];
const LINKS = ['broken-link', 'missing-anchor', 'link-case-mismatch'];
const bin = (name) => path.join(repoRoot, 'node_modules/.bin', name);

function prepareCorpus() {
  const dir = path.join(benchDir('docs'), 'PowerShell-Docs');
  if (!fs.existsSync(path.join(dir, 'README.md'))) {
    if (!fs.existsSync(MIRROR))
      throw new Error(`bench docs: no corpus; fetch github:MicrosoftDocs/PowerShell-Docs into ${MIRROR}`);
    fs.mkdirSync(dir, { recursive: true });
    try {
      execFileSync(
        'sh',
        ['-c', `git -C ${MIRROR} archive HEAD -- ${PATHS.map((p) => `'${p}'`).join(' ')} | tar -x -C '${dir}'`],
        { stdio: 'ignore' },
      );
    } catch {
      // Some large binaries are absent from the snapshot; the markdown is all there.
    }
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/MicrosoftDocs/PowerShell-Docs.git'], {
      cwd: dir,
    });
  }
  // markdownlint-cli2's own config, restricted to the six rules with the corpus's options.
  const yaml = fs.readFileSync(path.join(dir, '.markdownlint.yaml'), 'utf8');
  fs.writeFileSync(
    path.join(benchDir('docs'), 'six.markdownlint-cli2.yaml'),
    `config:\n  default: false\n${yaml
      .split('\n')
      .filter((l) => !/^#/.test(l))
      .join('\n')
      .replace(/^/gm, '  ')}\n`,
  );
  return dir;
}

const TIME = '/usr/bin/time';
const CPU_MARK = 'warmbuild-bench-cpu';

/**
 * Wall time, and the child's CPU time (user+sys, from /usr/bin/time when present): on a shared
 * 2-core machine wall times move with the load, CPU times much less.
 */
function timed(command, args, options = {}) {
  if (!fs.existsSync(TIME)) return { ...timeCommand(command, args, options), cpuMs: NaN };
  const run = timeCommand(TIME, ['-f', `${CPU_MARK} %U %S`, command, ...args], options);
  const lines = run.stderr.split('\n');
  const index = lines.findLastIndex((line) => line.startsWith(CPU_MARK));
  const [, user, sys] = index === -1 ? [] : lines[index].split(' ');
  if (index !== -1) lines.splice(index, 1);
  return { ...run, stderr: lines.join('\n'), cpuMs: (Number(user) + Number(sys)) * 1000 };
}

function warmbuild(dir, only) {
  const run = timed(process.execPath, [cliPath, 'check', '.', '--format', 'json', '--only', only.join(',')], {
    cwd: dir,
  });
  return { ms: run.ms, cpuMs: run.cpuMs, report: JSON.parse(run.stdout) };
}

/** The run with the median wall time of several. */
function medianRun(runs) {
  return [...runs].sort((a, b) => a.ms - b.ms)[runs.length >> 1];
}

/**
 * Parts of this bench, all by default; `WARMBUILD_BENCH_DOCS=findings,doubling` runs some:
 * `findings` (warm on 70,000 findings), `doubling` (bad shapes at 1-8 MB), `corpus` (PowerShell-Docs).
 */
const PARTS = ['findings', 'doubling', 'corpus'];

export default async function () {
  const wanted = (process.env.WARMBUILD_BENCH_DOCS ?? PARTS.join(',')).split(',').map((part) => part.trim());
  const unknown = wanted.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0)
    throw new Error(`bench docs: WARMBUILD_BENCH_DOCS names ${unknown.join(', ')}; parts are ${PARTS.join(', ')}`);
  if (wanted.includes('findings')) {
    console.log('### warm, nothing changed, 70,000 findings\n');
    benchWarmFindings();
  }
  if (wanted.includes('doubling')) {
    console.log('\n### one markdown file of a bad shape, doubled\n');
    benchDoubling();
  }
  if (wanted.includes('corpus')) {
    console.log('\n### PowerShell-Docs corpus\n');
    await benchCorpus();
  }
}

async function benchCorpus() {
  const dir = prepareCorpus();
  const files = execFileSync('git', ['ls-files', '--others', '--', '*.md'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean).length;
  console.log(`corpus: ${files} markdown files (PowerShell-Docs) at ${dir}\n`);
  const only = [...SIX, ...LINKS];
  // rumdl keeps a cache in the checkout (.rumdl_cache): left from an earlier run, it would make
  // "rumdl cold" warm and give warmbuild thousands of extra files to discover and hash.
  const rumdlCache = path.join(dir, '.rumdl_cache');
  fs.rmSync(rumdlCache, { recursive: true, force: true });
  const node = medianRun([0, 1, 2].map(() => timed(process.execPath, ['-e', '0'])));
  // Cold: median of 3, each with warmbuild's cache deleted first.
  const cold = medianRun(
    [0, 1, 2].map(() => {
      fs.rmSync(path.join(dir, 'node_modules/.cache'), { recursive: true, force: true });
      return warmbuild(dir, only);
    }),
  );
  const warm = medianRun([warmbuild(dir, only), warmbuild(dir, only), warmbuild(dir, only)]);
  const edited = path.join(dir, 'reference/docs-conceptual/overview.md');
  const original = fs.readFileSync(edited, 'utf8');
  const edits = [];
  try {
    for (let i = 1; i <= 3; i++) {
      fs.writeFileSync(edited, `${original}\nAn edited line ${i}.   \n`);
      edits.push(warmbuild(dir, only));
    }
  } finally {
    fs.writeFileSync(edited, original);
  }
  const edit = medianRun(edits);

  const cli2 = timed(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'),
      '--config',
      path.join(benchDir('docs'), 'six.markdownlint-cli2.yaml'),
      '**/*.md',
    ],
    { cwd: dir },
  );
  const rumdl = medianRun(
    [0, 1, 2].map(() => {
      fs.rmSync(rumdlCache, { recursive: true, force: true });
      return timed(bin('rumdl'), ['check', '.', '--enable', SIX.join(',')], { cwd: dir });
    }),
  );
  const rumdlWarm = timed(bin('rumdl'), ['check', '.', '--enable', SIX.join(',')], { cwd: dir });
  fs.rmSync(rumdlCache, { recursive: true, force: true });
  const remark = timed(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/remark-cli/cli.js'),
      '.',
      '--use',
      path.join(repoRoot, 'node_modules/remark-validate-links/index.js'),
      '--quiet',
      '--no-stdout',
      '--no-color',
      '--ignore-path',
      '/dev/null',
    ],
    { cwd: dir },
  );

  const cpu = (run) => (Number.isNaN(run.cpuMs) ? '' : fmtMs(run.cpuMs));
  table(
    ['run', 'time', 'vs warmbuild cold', 'CPU (user+sys)', 'CPU vs warmbuild cold'],
    [
      ['node -e 0 (start-up, median of 3)', fmtMs(node.ms), '', cpu(node), ''],
      ['warmbuild cold (median of 3)', fmtMs(cold.ms), '1.0×', cpu(cold), '1.0×'],
      [
        'warmbuild warm (median of 3)',
        fmtMs(warm.ms),
        ratio(warm.ms, cold.ms),
        cpu(warm),
        ratio(warm.cpuMs, cold.cpuMs),
      ],
      [
        'warmbuild one file edited (median of 3)',
        fmtMs(edit.ms),
        ratio(edit.ms, cold.ms),
        cpu(edit),
        ratio(edit.cpuMs, cold.cpuMs),
      ],
      [
        'markdownlint-cli2 (six rules)',
        fmtMs(cli2.ms),
        ratio(cli2.ms, cold.ms),
        cpu(cli2),
        ratio(cli2.cpuMs, cold.cpuMs),
      ],
      [
        'remark-validate-links (remark-cli)',
        fmtMs(remark.ms),
        ratio(remark.ms, cold.ms),
        cpu(remark),
        ratio(remark.cpuMs, cold.cpuMs),
      ],
      [
        'rumdl cold (six rules, median of 3)',
        fmtMs(rumdl.ms),
        ratio(rumdl.ms, cold.ms),
        cpu(rumdl),
        ratio(rumdl.cpuMs, cold.cpuMs),
      ],
      [
        'rumdl warm',
        fmtMs(rumdlWarm.ms),
        ratio(rumdlWarm.ms, cold.ms),
        cpu(rumdlWarm),
        ratio(rumdlWarm.cpuMs, cold.cpuMs),
      ],
    ],
  );
  console.log(
    `\nwarm above node start-up: ${fmtMs(warm.ms - node.ms)} (CPU ${fmtMs(warm.cpuMs - node.cpuMs)}); one edit above start-up: ${fmtMs(edit.ms - node.ms)} (CPU ${fmtMs(edit.cpuMs - node.cpuMs)})`,
  );
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} on ${os.availableParallelism()} cores`,
  );

  // Agreement: style findings vs markdownlint-cli2, link findings vs remark-validate-links.
  const alias = {
    'heading-increment': 'MD001',
    'heading-style': 'MD003',
    'ul-indent': 'MD007',
    'no-trailing-spaces': 'MD009',
    'no-hard-tabs': 'MD010',
    'line-length': 'MD013',
  };
  const ours = new Set(
    cold.report.findings.filter((f) => alias[f.rule]).map((f) => `${f.file}:${f.line} ${alias[f.rule]}`),
  );
  const theirs = new Set();
  for (const line of `${cli2.stdout}\n${cli2.stderr}`.split('\n')) {
    // markdownlint-cli2 0.19+ prints the severity before the rule: `file:line:col error MD013/...`.
    const m = /^(.+?):(\d+)(?::\d+)? (?:(?:error|warning) )?(MD\d+)\//.exec(line);
    if (m && SIX.includes(m[3])) theirs.add(`${m[1]}:${m[2]} ${m[3]}`);
  }
  const oursLinks = new Set(
    cold.report.findings
      .filter((f) => LINKS.includes(f.rule))
      .map((f) => `${f.file}:${f.line}:${f.rule === 'missing-anchor' ? 'anchor' : 'file'}`),
  );
  const theirsLinks = new Set();
  const siteRoutes = new Set();
  let file;
  for (const line of `${remark.stdout}\n${remark.stderr}`.split('\n')) {
    if (line.trim() && !/^\s*\d+:\d+/.test(line)) file = line.trim();
    const m = /^\s*(\d+):\d+-\S+\s+warning\s+.*?\s{2,}(missing-file|missing-heading-in-file|missing-heading)\s/.exec(
      line,
    );
    if (m) {
      const key = `${file}:${m[1]}:${m[2] === 'missing-file' ? 'file' : 'anchor'}`;
      theirsLinks.add(key);
      // A `/path` whose first segment is not at the root: a site route warmbuild does not check.
      const target = /Cannot find file `([^`]+)`/.exec(line)?.[1];
      if (
        m[2] === 'missing-file' &&
        target &&
        !target.startsWith('..') &&
        !fs.existsSync(path.join(dir, target.split('/')[0]))
      ) {
        siteRoutes.add(key);
      }
    }
  }
  const only1 = (a, b) => [...a].filter((x) => !b.has(x));
  const anchorOnMissingFile = only1(theirsLinks, oursLinks).filter(
    (k) => k.endsWith(':anchor') && theirsLinks.has(k.replace(/:anchor$/, ':file')),
  );
  console.log('');
  table(
    ['agreement', 'warmbuild', 'peer', 'both', 'only warmbuild', 'only peer'],
    [
      [
        'style vs markdownlint-cli2',
        ours.size,
        theirs.size,
        [...ours].filter((x) => theirs.has(x)).length,
        only1(ours, theirs).length,
        only1(theirs, ours).length,
      ],
      [
        'links vs remark-validate-links',
        oursLinks.size,
        theirsLinks.size,
        [...oursLinks].filter((x) => theirsLinks.has(x)).length,
        only1(oursLinks, theirsLinks).length,
        only1(theirsLinks, oursLinks).length,
      ],
    ],
  );
  console.log(
    `\nonly remark: ${anchorOnMissingFile.length} anchors on links whose file is missing (warmbuild reports the broken-link once), ` +
      `${only1(theirsLinks, oursLinks).filter((k) => siteRoutes.has(k)).length} site routes (a /path whose first segment is not at the root: Microsoft Learn's), ` +
      `${only1(theirsLinks, oursLinks).length - anchorOnMissingFile.length - only1(theirsLinks, oursLinks).filter((k) => siteRoutes.has(k)).length} other (inspected earlier on this corpus: fragments naming explicit HTML id/name anchors, which remark ignores)`,
  );
  // The parser choice: markdown-it (what warmbuild uses, stock) against micromark's event stream
  // (what markdownlint builds its tokens from), each in a fresh process over the whole corpus.
  const parse = (parser) =>
    JSON.parse(timeCommand(process.execPath, [path.join(repoRoot, 'bench/docs-parse-driver.mjs'), parser, dir]).stdout);
  const [markdownIt, micromark, engine] = [parse('markdown-it'), parse('micromark'), parse('warmbuild')];
  console.log('');
  // The second pass runs code V8 has optimized during the first: the difference is JIT warm-up,
  // which every fresh process (every cold CLI run) pays.
  table(
    [
      'parser, whole corpus in one fresh process (file reads not timed)',
      'first pass',
      'vs markdown-it',
      'second pass, same process',
      'first / second',
    ],
    [
      [
        'markdown-it 14 (stock, CommonMark + tables)',
        fmtMs(markdownIt.ms),
        '1.0×',
        fmtMs(markdownIt.againMs),
        ratio(markdownIt.ms, markdownIt.againMs),
      ],
      [
        'micromark 4 (preprocess + parse + postprocess events)',
        fmtMs(micromark.ms),
        ratio(micromark.ms, markdownIt.ms),
        fmtMs(micromark.againMs),
        ratio(micromark.ms, micromark.againMs),
      ],
      [
        'warmbuild lint per file (parse, facts, six rules; in-thread)',
        fmtMs(engine.ms),
        ratio(engine.ms, markdownIt.ms),
        fmtMs(engine.againMs),
        ratio(engine.ms, engine.againMs),
      ],
    ],
  );
}
