import fs from 'node:fs';
import path from 'node:path';

// Per-rule comparison of warmbuild's findings with an oracle's: counts, and every disagreement
// as `{ class, where, detail }` (class groups them in the printout and in REPORT files).

/** How many agreed findings a result file keeps (for reading findings by hand). */
const AGREED_KEPT = 400;

/** Pairs items of `a` and `b` by key (multisets); returns the unpaired ones of each side. */
function pair(a, b, keyOf) {
  const pool = new Map();
  for (const item of b) {
    const key = keyOf(item);
    pool.set(key, [...(pool.get(key) ?? []), item]);
  }
  let both = 0;
  const onlyA = [];
  const agreed = [];
  for (const item of a) {
    const left = pool.get(keyOf(item));
    if (left && left.length > 0) {
      left.pop();
      both++;
      if (agreed.length < AGREED_KEPT) agreed.push(item);
    } else onlyA.push(item);
  }
  const onlyB = [...pool.values()].flat();
  return { both, onlyA, onlyB, agreed };
}

const aborted = (run, oracleCount, oracleMs) => ({
  aborted: run.aborted,
  warmbuild: 0,
  oracle: oracleCount,
  both: 0,
  onlyWarmbuild: [],
  onlyOracle: [],
  warmbuildMs: run.ms,
  oracleMs,
});

export function compareCycles(_rule, run, oracleSccs, { ms }) {
  if (run.aborted) return aborted(run, oracleSccs.length, ms);
  const ours = run.findings.filter((f) => f.rule === 'circular-import').map((f) => [...f.modules].sort());
  const { both, onlyA, onlyB, agreed } = pair(ours, oracleSccs, (scc) => scc.join('\n'));
  const describe = (scc, others, otherName) => {
    let best;
    let bestOverlap = 0;
    for (const other of others) {
      const overlap = other.filter((m) => scc.includes(m)).length;
      if (overlap > bestOverlap) [best, bestOverlap] = [other, overlap];
    }
    if (!best)
      return {
        class: `no ${otherName} SCC overlaps`,
        where: scc[0],
        detail: `${scc.length} modules: ${scc.slice(0, 6).join(', ')}${scc.length > 6 ? ', ...' : ''}`,
      };
    const extra = scc.filter((m) => !best.includes(m));
    const lacking = best.filter((m) => !scc.includes(m));
    const cls =
      extra.length === 0
        ? `smaller than the ${otherName}'s SCC`
        : lacking.length === 0
          ? `larger than the ${otherName}'s SCC`
          : `overlaps a different ${otherName} SCC`;
    const list = (items) => `${items.slice(0, 5).join(', ')}${items.length > 5 ? `, ... (${items.length})` : ''}`;
    return {
      class: cls,
      where: scc[0],
      detail: `${scc.length} vs ${best.length} modules; not in ${otherName}'s: [${list(extra)}]; only in ${otherName}'s: [${list(lacking)}]`,
    };
  };
  return {
    warmbuild: ours.length,
    oracle: oracleSccs.length,
    both,
    onlyWarmbuild: onlyA.map((scc) => describe(scc, oracleSccs, 'oracle')),
    onlyOracle: onlyB.map((scc) => describe(scc, ours, 'warmbuild')),
    agreed,
    sizes: {
      warmbuild: ours
        .map((s) => s.length)
        .sort((a, b) => b - a)
        .slice(0, 5),
      oracle: oracleSccs
        .map((s) => s.length)
        .sort((a, b) => b - a)
        .slice(0, 5),
    },
    notes: [
      `largest SCCs: warmbuild ${
        ours
          .map((s) => s.length)
          .sort((a, b) => b - a)
          .slice(0, 5)
          .join(', ') || '-'
      }; oracle ${
        oracleSccs
          .map((s) => s.length)
          .sort((a, b) => b - a)
          .slice(0, 5)
          .join(', ') || '-'
      }`,
    ],
    warmbuildMs: run.ms,
    oracleMs: ms,
  };
}

/**
 * unresolved-import: what warmbuild reports must fail plain TypeScript resolution; every relative
 * specifier that fails must be reported. Aliased ones only TypeScript fails are listed apart
 * (informational: the issue asks only that warmbuild's reports be right for those).
 */
export function compareUnresolved(run, oracle, { ms }) {
  const required = oracle.unresolved.filter((u) => !u.aliased);
  const informational = oracle.unresolved.filter((u) => u.aliased);
  if (run.aborted) return aborted(run, required.length, ms);
  const ours = run.findings.filter((f) => f.rule === 'unresolved-import');
  const keyOf = (item) => `${item.file}\0${item.specifier}`;
  const all = pair(ours, oracle.unresolved, keyOf);
  const onlyOracleRequired = all.onlyB.filter((u) => !u.aliased);
  const onlyOracleAliased = all.onlyB.filter((u) => u.aliased);
  const onlyWarmbuild = all.onlyA.map((f) => {
    const why = oracle.explain(f.file, f.specifier);
    const what = why.asset ? `${why.scope} asset` : why.scope;
    const cls = why.resolved ? `${what}: TypeScript resolves it` : `${what}: not in the oracle's scope`;
    return {
      class: cls,
      where: `${f.file}:${f.line}`,
      detail: `"${f.specifier}" -> ${why.resolved ?? 'unresolved'} (config ${why.config ?? 'defaults'})`,
    };
  });
  return {
    warmbuild: ours.length,
    oracle: required.length,
    both: all.both,
    onlyWarmbuild,
    onlyOracle: onlyOracleRequired.map((u) => ({
      class: `${u.asset ? 'relative asset, no such file' : 'relative, TypeScript cannot resolve'}`,
      where: `${u.file}:${u.line}`,
      detail: `"${u.specifier}" (${u.kind})`,
    })),
    agreed: all.agreed.map((f) => ({ where: `${f.file}:${f.line}`, detail: `"${f.specifier}"` })),
    informational: onlyOracleAliased.map((u) => ({
      class: 'aliased, TypeScript cannot resolve, warmbuild silent',
      where: `${u.file}:${u.line}`,
      detail: `"${u.specifier}"`,
    })),
    notes:
      informational.length > 0
        ? [
            `aliased specifiers TypeScript cannot resolve: ${informational.length} (${onlyOracleAliased.length} not reported by warmbuild; not required)`,
          ]
        : [],
    warmbuildMs: run.ms,
    oracleMs: ms,
  };
}

/** The six style rules, per location: `file:line MDxxx`. */
export function compareStyle(run, lint, root) {
  const notes = [
    `markdownlint-cli2 linted ${lint.linted ?? '?'} files, exit ${lint.status}${lint.error ? `: ${lint.error}` : ''}`,
  ];
  if (run.aborted) return { ...aborted(run, lint.findings.length, lint.ms), notes };
  const ours = [];
  for (const f of run.findings) {
    const alias = (f.aliases ?? []).find((a) => /^MD\d{3}$/.test(a));
    if (alias) ours.push({ file: f.file, line: f.line, rule: alias, text: f.message });
  }
  const keyOf = (item) => `${item.file}:${item.line} ${item.rule}`;
  const { both, onlyA, onlyB, agreed } = pair(ours, lint.findings, keyOf);
  return {
    warmbuild: ours.length,
    oracle: lint.findings.length,
    both,
    agreed: agreed.map((f) => ({ where: `${f.file}:${f.line}`, detail: `${f.rule} ${f.text}` })),
    onlyWarmbuild: onlyA.map((f) => ({ class: styleClass(root, f), where: `${f.file}:${f.line}`, detail: f.text })),
    onlyOracle: onlyB.map((f) => ({ class: styleClass(root, f), where: `${f.file}:${f.line}`, detail: f.text })),
    notes,
    warmbuildMs: run.ms,
    oracleMs: lint.ms,
  };
}

const lineCache = new Map();
/**
 * The one style class recognisable from the line alone: markdownlint 0.38 exempted from MD013 a
 * line with no whitespace beyond the limit; 0.40 and later exempt only a line that cannot be
 * wrapped at all (issue #12).
 */
const CONFIG_NAMES = [
  '.markdownlint.jsonc',
  '.markdownlint.json',
  '.markdownlint.yaml',
  '.markdownlint.yml',
  '.markdownlint.cjs',
  '.markdownlint.mjs',
  '.markdownlint-cli2.jsonc',
  '.markdownlint-cli2.yaml',
  '.markdownlint-cli2.cjs',
  '.markdownlint-cli2.mjs',
];
const dirConfigCache = new Map();
/** The nearest markdownlint configuration below the root that governs `file`, if any. */
function directoryConfig(root, file) {
  for (let dir = path.posix.dirname(file); dir !== '.' && dir !== '' && dir !== '/'; dir = path.posix.dirname(dir)) {
    const key = `${root}\0${dir}`;
    if (!dirConfigCache.has(key))
      dirConfigCache.set(
        key,
        CONFIG_NAMES.find((name) => fs.existsSync(path.join(root, dir, name))),
      );
    if (dirConfigCache.get(key)) return `${dir}/${dirConfigCache.get(key)}`;
  }
  return undefined;
}

function styleClass(root, finding) {
  if (!root) return finding.rule;
  // warmbuild reads only the root's configuration (documented); markdownlint-cli2 the nearest.
  if (directoryConfig(root, finding.file))
    return `${finding.rule} under a per-directory markdownlint config (warmbuild reads only the root's)`;
  if (finding.rule !== 'MD013') return finding.rule;
  const file = path.join(root, finding.file);
  if (!lineCache.has(file))
    lineCache.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\r?\n/) : []);
  const line = lineCache.get(file)[finding.line - 1] ?? '';
  const limit = Number(/Expected: (\d+)/.exec(finding.text)?.[1] ?? 80);
  return !/\s/.test(line.slice(limit)) && /\s/.test(line.slice(0, limit))
    ? 'MD013 wrappable line, no whitespace beyond the limit (0.38 exempt, 0.40+ reports)'
    : 'MD013';
}

/** Whether a path (fragment dropped) is an extensionless or `.html` name of an existing markdown page. */
function pageOf(root, target) {
  const file = target.split('#')[0];
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (!/\.html?$/i.test(name) && name.includes('.')) return false;
  return fs.existsSync(path.join(root, `${file.replace(/\.html?$/i, '')}.md`));
}

/** Whether `file#fragment` names a heading's explicit `{#fragment}` id in that file. */
function explicitHeadingId(root, target) {
  const hash = target.lastIndexOf('#');
  const file = path.join(root, target.slice(0, hash));
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  return fs
    .readFileSync(file, 'utf8')
    .toLowerCase()
    .includes(`{#${target.slice(hash + 1)}}`);
}

/** Whether `file#fragment` names an explicit `id="..."` / `name="..."` in that file. */
function htmlAnchor(root, target) {
  const hash = target.lastIndexOf('#');
  const file = path.join(root, target.slice(0, hash));
  const fragment = target.slice(hash + 1);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  const text = fs.readFileSync(file, 'utf8').toLowerCase();
  return [`id="${fragment}"`, `id='${fragment}'`, `name="${fragment}"`, `name='${fragment}'`].some((needle) =>
    text.includes(needle),
  );
}

/** Links, in remark's key format, after the documented systematic difference (anchors on missing files). */
export function compareLinks(run, remark, { warmbuildLinkKeys, dropAnchorsOnMissingFiles }, root) {
  const theirs = dropAnchorsOnMissingFiles(remark.keys);
  const notes = [
    `remark-validate-links read ${remark.files} files; ${remark.keys.length - theirs.length} anchor warnings on links whose file is missing folded into the broken-link (documented)`,
  ];
  if (remark.other.length > 0)
    notes.push(`other remark messages: ${remark.other.length} (${remark.other.slice(0, 2).join(' | ')})`);
  if (run.aborted) return { ...aborted(run, theirs.length, remark.ms), notes };
  const ours = warmbuildLinkKeys(run.findings);
  const { both, onlyA, onlyB, agreed } = pair(ours, theirs, (key) => key);
  // Fragments warmbuild compared case-sensitively (remark lower-cases them): known by the original spelling.
  const upperCaseAnchors = new Set(
    run.findings
      .filter((f) => f.rule === 'missing-anchor' && /[A-Z]/.test(String(f.anchor)))
      .map((f) => warmbuildLinkKeys([f])[0]),
  );
  const caseOnly = new Set(
    run.findings.filter((f) => f.rule === 'link-case-mismatch').map((f) => warmbuildLinkKeys([f])[0]),
  );
  const treeOrRaw = new Set(
    run.findings
      .filter((f) => /^https?:\/\/github\.com\/[^/]+\/[^/]+\/(?:tree|raw)\//i.test(String(f.target)))
      .map((f) => warmbuildLinkKeys([f])[0]),
  );
  const classify = (key, side) => {
    const [where, kind, ...rest] = key.split(' ');
    const target = rest.join(' ');
    let cls = kind;
    if (upperCaseAnchors.has(key))
      cls = 'anchor letter case (deliberate: compared case-sensitively, as markdownlint MD051)';
    else if (side === 'warmbuild' && treeOrRaw.has(key))
      cls = "the repository's GitHub tree/raw URL (deliberate: remark checks blob URLs only)";
    else if (caseOnly.has(key)) cls = 'link-case-mismatch (remark: missing file)';
    else if (kind === 'anchor' && /#readme$/.test(target)) cls = 'anchor #readme (deliberate)';
    else if (kind === 'anchor' && root && explicitHeadingId(root, target))
      cls = 'anchor names an explicit heading id {#id} (deliberate: VitePress/Docusaurus syntax, remark ignores it)';
    else if (kind === 'anchor' && root && htmlAnchor(root, target))
      cls = 'anchor names an HTML id/name (deliberate: remark ignores them)';
    else if (kind === 'anchor' && /#l\d+(-l\d+)?$/.test(target)) cls = 'anchor line fragment';
    else if (kind === 'file' && target.startsWith('../')) cls = 'file outside the root (deliberate)';
    else if (side === 'oracle' && root && pageOf(root, target))
      cls = 'page route: an extensionless or .html link to a markdown page (deliberate)';
    else if (
      side === 'oracle' &&
      root &&
      !target.startsWith('../') &&
      !fs.existsSync(path.join(root, target.split('/')[0].split('#')[0]))
    )
      cls = 'site route: a /path link whose first segment is not at the root (deliberate: not a repository path)';
    else if (kind === 'anchor' && /%[0-9a-f]{2}/i.test(target)) cls = 'anchor percent-encoded (deliberate)';
    return { class: cls, where, detail: `${kind} ${target}` };
  };
  return {
    warmbuild: ours.length,
    oracle: theirs.length,
    both,
    agreed,
    onlyWarmbuild: onlyA.map((key) => classify(key, 'warmbuild')),
    onlyOracle: onlyB.map((key) => classify(key, 'oracle')),
    notes,
    warmbuildMs: run.ms,
    oracleMs: remark.ms,
  };
}
