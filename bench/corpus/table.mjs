#!/usr/bin/env node
// `node bench/corpus/table.mjs label...`: the per-repository, per-rule agreement table (markdown)
// of one or more corpus runs under $WARMBUILD_CORPUS/.results. A later label's result for a
// repository and rule replaces an earlier one's, so partial re-runs can be stacked.
import fs from 'node:fs';
import path from 'node:path';

const corpusDir = process.env.WARMBUILD_CORPUS;
const compact = process.argv.includes('--compact');
const labels = process.argv.slice(2).filter((arg) => arg !== '--compact');
if (!corpusDir || labels.length === 0) {
  console.error('usage: WARMBUILD_CORPUS=... node bench/corpus/table.mjs <label>...');
  process.exit(2);
}
const rows = new Map();
const order = [];
for (const label of labels) {
  const dir = path.join(corpusDir, '.results', label);
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'summary.json')) {
    const result = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    for (const [rule, outcome] of Object.entries(result.rules)) {
      const key = `${result.name}\0${rule}`;
      if (!rows.has(key)) order.push(key);
      rows.set(key, {
        repo: result.name,
        rule,
        label,
        outcome,
        abortedWith: result.oracle?.abortedWith,
        excluded: result.oracle?.excluded ?? [],
      });
    }
  }
}
const percent = (outcome) => {
  const either = outcome.both + outcome.onlyWarmbuild.length + outcome.onlyOracle.length;
  return outcome.aborted
    ? 'aborted'
    : either === 0
      ? '100% (0)'
      : `${((100 * outcome.both) / either).toFixed(1)}% (${outcome.both}/${either})`;
};
if (compact) {
  // One row per repository: agreement per rule, "both/either" in brackets.
  const rules = ['circular-import', 'circular-import --dynamic-imports', 'unresolved-import', 'style', 'links'];
  console.log(`| repository | ${rules.join(' | ')} |`);
  console.log(`| --- | ${rules.map(() => '---:').join(' | ')} |`);
  const repos = [...new Set(order.map((key) => key.split('\0')[0]))];
  for (const repo of repos) {
    const cells = rules.map((rule) => {
      const row = rows.get(`${repo}\0${rule}`);
      if (!row) return '-';
      return `${percent(row.outcome)}${row.abortedWith && rule !== 'style' && rule !== 'links' ? ' †' : ''}`;
    });
    console.log(`| ${repo} | ${cells.join(' | ')} |`);
  }
  console.log(
    '\n† warmbuild exits 2 on the repository as it is (a tsconfig it cannot load); compared with those directories excluded on both sides.',
  );
  process.exit(0);
}
console.log('| repository | rule | warmbuild | oracle | both | only warmbuild | only oracle | agreement | notes |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const key of order) {
  const { repo, rule, outcome, abortedWith, excluded } = rows.get(key);
  const ow = outcome.onlyWarmbuild.length;
  const oo = outcome.onlyOracle.length;
  const either = outcome.both + ow + oo;
  const agreement = outcome.aborted
    ? 'aborted'
    : either === 0
      ? '100% (none)'
      : `${((100 * outcome.both) / either).toFixed(1)}%`;
  const notes = [];
  if (outcome.aborted) notes.push(`run aborted: ${outcome.aborted.slice(0, 90)}`);
  if (abortedWith && rule !== 'style' && rule !== 'links')
    notes.push(`whole run aborted (exit 2, CONFIG_INVALID); compared with ${excluded.length} dir(s) excluded`);
  const classes = new Map();
  for (const item of [
    ...outcome.onlyWarmbuild.map((i) => ({ ...i, side: 'W' })),
    ...outcome.onlyOracle.map((i) => ({ ...i, side: 'O' })),
  ]) {
    const label = `${item.side}: ${item.class}`;
    classes.set(label, (classes.get(label) ?? 0) + 1);
  }
  for (const [cls, count] of classes) notes.push(`${count} ${cls}`);
  console.log(
    `| ${repo} | ${rule} | ${outcome.aborted ? '-' : outcome.warmbuild} | ${outcome.oracle} | ${outcome.both} | ${ow} | ${oo} | ${agreement} | ${notes.join('; ')} |`,
  );
}
