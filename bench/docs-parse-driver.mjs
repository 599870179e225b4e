// One parser over every markdown file of a corpus, in a fresh process, for bench/docs.bench.mjs:
//   node docs-parse-driver.mjs <markdown-it|micromark> <dir>
// Prints {"ms": parse time, "files": n, "bytes": n} (reading the files is not timed).
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
} else {
  // The event stream markdownlint builds its tokens from (no HTML compile).
  const { parse: micromarkParse, postprocess, preprocess } = await import('micromark');
  parse = (text) => postprocess(micromarkParse().document().write(preprocess()(text, 'utf8', true)));
}
const started = performance.now();
for (const text of texts) parse(text);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, files: texts.length, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) })}\n`);
