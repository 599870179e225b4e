// Doc validator at scale, on generated repositories (no corpus needed):
// - warm with nothing changed on a repository with 70,000 findings: what a run costs above
//   node start-up and above writing its output (issue #12);
// - one markdown file of a bad shape at 1, 2, 4 and 8 MB: the time ratio per doubling, which a
//   linear path keeps near 2 (issue #16).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, cliPath, fmtMs, ratio, table, timeCommand } from './lib.mjs';

const TIME = '/usr/bin/time';
const CPU_MARK = 'warmbuild-bench-cpu';
const STYLE_AND_LINKS =
  'heading-increment,heading-style,ul-indent,no-trailing-spaces,no-hard-tabs,line-length,broken-link,missing-anchor,link-case-mismatch,broken-reference,doc-skipped';

/** Wall and CPU (user+sys) time of a command, stdout to a file (a pipe would bill the reader). */
function timed(command, args, { cwd, stdoutFile = '/dev/null' } = {}) {
  const out = fs.openSync(stdoutFile, 'w');
  try {
    const started = performance.now();
    const useTime = fs.existsSync(TIME);
    const result = timeCommand(
      useTime ? TIME : command,
      useTime ? ['-f', `${CPU_MARK} %U %S`, command, ...args] : args,
      { cwd, stdio: ['ignore', out, 'pipe'] },
    );
    const ms = performance.now() - started;
    const line = (result.stderr ?? '').split('\n').findLast((text) => text.startsWith(CPU_MARK));
    const [, user, sys] = line ? line.split(' ') : [];
    return {
      ms,
      cpuMs: line ? (Number(user) + Number(sys)) * 1000 : NaN,
      status: result.status,
      stderr: result.stderr,
    };
  } finally {
    fs.closeSync(out);
  }
}

/** The run with the median CPU time of `runs` (CPU moves less than wall time on a shared machine). */
function median(runs) {
  return [...runs].sort((a, b) => (Number.isNaN(a.cpuMs) ? a.ms - b.ms : a.cpuMs - b.cpuMs))[runs.length >> 1];
}

function repeat(times, run) {
  return median(Array.from({ length: times }, run));
}

/**
 * 1,000 markdown files, 70 findings each: long lines, trailing spaces, hard tabs, broken links.
 * `clean`: the same files and lines, each short and clean, for the cost of the run without findings.
 */
function generateFindingsRepo(dir, { files = 1000, perFile = 70, clean = false } = {}) {
  if (fs.existsSync(path.join(dir, '.generated'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.markdownlint.json'), '{}\n');
  for (let f = 0; f < files; f++) {
    const sub = path.join(dir, `docs/section-${f % 20}`);
    fs.mkdirSync(sub, { recursive: true });
    const lines = [`# Page ${f}`, ''];
    for (let i = 0; i < perFile; i++) {
      lines.push(
        clean
          ? `Item ${i} of page ${f}, with [a link](./page-${f}.md).`
          : [
              `This line of page ${f} is long enough to go past the default limit of eighty characters, item ${i}.`,
              `Trailing spaces on item ${i}.   `,
              `A hard\ttab on item ${i}.`,
              `See [the missing page](./missing-${i}.md) for item ${i}.`,
            ][i % 4],
        '',
      );
    }
    fs.writeFileSync(path.join(sub, `page-${f}.md`), lines.join('\n'));
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  fs.writeFileSync(path.join(dir, '.generated'), '');
}

/** Median wall and CPU of each series (CPU NaN without /usr/bin/time). */
function medians(runs) {
  const middle = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];
  return { ms: middle(runs.map((run) => run.ms)), cpuMs: middle(runs.map((run) => run.cpuMs)) };
}

/** Rounds of the warm-run bench: each round runs every series once, so load drift hits them all alike. */
const ROUNDS = 9;

export function benchWarmFindings() {
  const dir = path.join(benchDir('docs-findings'), 'repo');
  generateFindingsRepo(dir);
  const output = path.join(benchDir('docs-findings'), 'out');
  const check = (format) =>
    timed(process.execPath, [cliPath, 'check', '.', '--format', format, '--only', STYLE_AND_LINKS], {
      cwd: dir,
      stdoutFile: output,
    });
  fs.rmSync(path.join(dir, 'node_modules/.cache'), { recursive: true, force: true });
  const cold = check('json');
  const findings = JSON.parse(fs.readFileSync(output, 'utf8')).findings.length;
  console.log(`repository: ${findings} findings in 1,000 markdown files at ${dir}\n`);
  // The same run over the same number of files without findings: the part that does not depend on them.
  const cleanDir = path.join(benchDir('docs-findings'), 'clean');
  generateFindingsRepo(cleanDir, { clean: true });
  const cleanCheck = () =>
    timed(process.execPath, [cliPath, 'check', '.', '--format', 'json', '--only', STYLE_AND_LINKS], { cwd: cleanDir });
  cleanCheck();
  // Output sizes, for what writing that output costs a process that has it in memory already.
  const bytes = {};
  for (const format of ['json', 'text']) {
    check(format);
    bytes[format] = fs.statSync(output).size;
  }
  const write = (format) =>
    timed(process.execPath, ['-e', `process.stdout.write(Buffer.alloc(${bytes[format]}, 32))`], { stdoutFile: output });
  const series = { node: [], clean: [], json: [], text: [], writeJson: [], writeText: [] };
  for (let round = 0; round < ROUNDS; round++) {
    series.node.push(timed(process.execPath, ['-e', '0']));
    series.clean.push(cleanCheck());
    series.json.push(check('json'));
    series.writeJson.push(write('json'));
    series.text.push(check('text'));
    series.writeText.push(write('text'));
  }
  const m = Object.fromEntries(Object.entries(series).map(([name, runs]) => [name, medians(runs)]));
  const node = m.node;
  const above = (run) => [fmtMs(run.ms - node.ms), fmtMs(run.cpuMs - node.cpuMs)];
  const rows = [
    ['node -e 0 (start-up)', fmtMs(node.ms), fmtMs(node.cpuMs), '', ''],
    ['warmbuild cold, json (once)', fmtMs(cold.ms), fmtMs(cold.cpuMs), '', ''],
    [
      'warmbuild warm, same 1,000 files without findings, json',
      fmtMs(m.clean.ms),
      fmtMs(m.clean.cpuMs),
      ...above(m.clean),
    ],
  ];
  const summary = [];
  for (const format of ['json', 'text']) {
    const warm = m[format];
    const written = m[format === 'json' ? 'writeJson' : 'writeText'];
    rows.push([
      `writing ${(bytes[format] / 1e6).toFixed(1)} MB (node, from memory)`,
      fmtMs(written.ms),
      fmtMs(written.cpuMs),
      ...above(written),
    ]);
    rows.push([`warmbuild warm, nothing changed, ${format}`, fmtMs(warm.ms), fmtMs(warm.cpuMs), ...above(warm)]);
    summary.push(
      `${format}: warm above start-up and output writing ${fmtMs(warm.ms - written.ms)} wall, ${fmtMs(warm.cpuMs - written.cpuMs)} CPU (target: under 150 ms); ` +
        `above the run without findings and output writing ${fmtMs(warm.ms - m.clean.ms - (written.ms - node.ms))} wall, ${fmtMs(warm.cpuMs - m.clean.cpuMs - (written.cpuMs - node.cpuMs))} CPU`,
    );
  }
  table(
    [
      `run (median of ${ROUNDS} interleaved rounds)`,
      'wall',
      'CPU (user+sys)',
      'wall above start-up',
      'CPU above start-up',
    ],
    rows,
  );
  console.log(`\n${summary.join('\n')}`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} on ${os.availableParallelism()} cores`,
  );
}

/** One markdown file of `bytes` characters in a shape that was quadratic once. */
const SHAPES = {
  'one line of inline code spans': (bytes) => `# Spans\n\n${'`code` '.repeat(Math.ceil(bytes / 7))}[x](missing.md)\n`,
  'headings and links to missing anchors': (bytes) => {
    const parts = ['# Headings\n\n'];
    for (let i = 0, length = 0; length < bytes; i++) {
      const part = `## Heading ${i}\n\nSee [here](#heading-${i}) and [there](#nowhere-${i}).\n\n`;
      parts.push(part);
      length += part.length;
    }
    return parts.join('');
  },
  // MD010 with code excluded tests each tab against the code spans of its line.
  'one line of code spans holding tabs, MD010 code_blocks false': (bytes) =>
    `# Tabs\n\n${'`co\tde` '.repeat(Math.ceil(bytes / 8))}end\there\n`,
};

/** The markdownlint configuration a shape needs (defaults otherwise). */
const SHAPE_CONFIG = {
  'one line of code spans holding tabs, MD010 code_blocks false': '{ "MD010": { "code_blocks": false } }\n',
};

export function benchDoubling() {
  const root = benchDir('docs-doubling');
  const rows = [];
  const worst = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    // Text adds a code frame per finding (up to 100): the shape with many findings shows it.
    for (const format of shape.startsWith('headings') ? ['json', 'text'] : ['json']) {
      let previous;
      let maxRatio = 0;
      for (const megabytes of [1, 2, 4, 8]) {
        const dir = path.join(root, `${megabytes}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, '.markdownlint.json'), SHAPE_CONFIG[shape] ?? '{}\n');
        fs.writeFileSync(path.join(dir, 'big.md'), make(megabytes * 1024 * 1024));
        const run = repeat(3, () =>
          timed(process.execPath, [cliPath, 'check', dir, '--no-cache', '--format', format, '--only', STYLE_AND_LINKS]),
        );
        if (run.status !== 0 && run.status !== 1)
          throw new Error(`bench docs: warmbuild exited ${run.status} on ${shape}, ${megabytes} MB: ${run.stderr}`);
        const perDoubling = previous ? run.cpuMs / previous.cpuMs : undefined;
        if (perDoubling) maxRatio = Math.max(maxRatio, perDoubling);
        rows.push([
          shape,
          format,
          `${megabytes} MB`,
          fmtMs(run.ms),
          fmtMs(run.cpuMs),
          perDoubling ? `${perDoubling.toFixed(2)}×` : '',
          previous ? ratio(run.ms, previous.ms) : '',
        ]);
        previous = run;
      }
      worst.push(`${shape}, ${format}: worst ${maxRatio.toFixed(2)}× per doubling (CPU)`);
    }
  }
  table(
    [
      'shape (one file, --no-cache)',
      'format',
      'size',
      'wall (median of 3)',
      'CPU (user+sys)',
      'CPU ratio per doubling',
      'wall ratio per doubling',
    ],
    rows,
  );
  console.log(`\n${worst.join('\n')}\n(target: at most 2.3× per doubling)`);
}
