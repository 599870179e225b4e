// One parser over every markdown file of a corpus, in a fresh process, for bench/docs.bench.mjs:
//   node docs-parse-driver.mjs <markdown-it|micromark|warmbuild> <dir>
// warmbuild = its whole per-file lint (parse, facts, six style rules), in this thread.
// Prints {"ms": parse time, "againMs": a second pass in the same process, "files": n, "bytes": n}
// (reading the files is not timed). The second pass runs code V8 has already optimized.
import fs from 'node:fs';
import path from 'node:path';

const [parser, dir] = process.argv.slice(2);
const texts = [];
const walk = (at) => {
  for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(at, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.md')) texts.push(fs.readFileSync(full, 'utf8'));
  }
};
walk(dir);
let parse;
if (parser === 'markdown-it') {
  const { default: MarkdownIt } = await import('markdown-it');
  const md = new MarkdownIt();
  parse = (text) => md.parse(text, {});
} else if (parser === 'warmbuild') {
  process.env.WARMBUILD_PARSE_WORKERS = 'never';
  const { lintFiles } = await import('../packages/core/dist/docs/lint-scheduler.bundle.js');
  const config = { default: false, MD001: true, MD003: true, MD007: true, MD009: true, MD010: true, MD013: true };
  parse = (text) => lintFiles([Buffer.from(text)], { config, noInlineConfig: false });
} else {
  // The event stream markdownlint builds its tokens from (no HTML compile).
  const { parse: micromarkParse, postprocess, preprocess } = await import('micromark');
  parse = (text) =>
    postprocess(
      micromarkParse()
        .document()
        .write(preprocess()(text, 'utf8', true)),
    );
}
const pass = async () => {
  const started = performance.now();
  for (const text of texts) await parse(text);
  return performance.now() - started;
};
const ms = await pass();
const againMs = await pass();
process.stdout.write(
  `${JSON.stringify({ ms, againMs, files: texts.length, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) })}\n`,
);
