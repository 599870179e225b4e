#!/usr/bin/env node
// Writes src/generated/: N deterministic React components (default 800) and an index that
// renders them all. Generated at build time so the repository stays small.
// Usage: node scripts/generate.mjs [--count N] [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const count = Number(flag('--count', process.env.WARMBUILD_EXAMPLE_COMPONENTS ?? 800));
const outDir = path.resolve(flag('--out', path.join(here, '..', 'src', 'generated')));

// A small deterministic PRNG (mulberry32) so every run writes the same files.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function componentSource(index) {
  const rand = random(index + 1);
  const name = `Widget${index}`;
  const fields = Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => `field${i}`);
  const child = index > 0 && rand() < 0.5 ? Math.floor(rand() * index) : undefined;
  const importChild = child === undefined ? '' : `import { Widget${child} } from './widget-${child}.jsx';\n`;
  return `import { useState, useMemo, useCallback } from 'react';
${importChild}
export function ${name}({ items = [], label = '${name}', onSelect }) {
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState(null);
  const visible = useMemo(
    () => items.filter((item) => String(item.${fields[0]}).includes(filter)),
    [items, filter],
  );
  const total = visible.reduce((sum, item) => sum + (item.${fields[1]} ?? 0), 0);
  const select = useCallback(
    (item) => {
      setSelected(item.id);
      onSelect?.(item);
    },
    [onSelect],
  );
  const rows = visible.map((item) => (
    <tr key={item.id} className={item.id === selected ? 'selected' : undefined} onClick={() => select(item)}>
${fields.map((field) => `      <td>{String(item.${field})}</td>`).join('\n')}
    </tr>
  ));
  return (
    <section className="widget-${index % 7}">
      <h2>
        {label} ({visible.length} of {items.length}, total {total})
      </h2>
      <input value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="filter" />
      <table>
        <thead>
          <tr>
${fields.map((field) => `            <th>${field}</th>`).join('\n')}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
${child === undefined ? '' : `      {visible.length > ${Math.floor(rand() * 5)} ? <Widget${child} items={visible.slice(1)} label="nested" /> : null}\n`}    </section>
  );
}
`;
}

export function generate(dir = outDir, n = count) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const lines = [];
  for (let i = 0; i < n; i++) {
    fs.writeFileSync(path.join(dir, `widget-${i}.jsx`), componentSource(i));
    lines.push(`import { Widget${i} } from './widget-${i}.jsx';`);
  }
  const items = `const items = Array.from({ length: 20 }, (_, id) => ({ id, field0: 'row' + id, field1: id, field2: id * 2, field3: 'x', field4: id % 3, field5: true }));`;
  const body = Array.from({ length: n }, (_, i) => `      <Widget${i} items={items} />`).join('\n');
  fs.writeFileSync(
    path.join(dir, 'index.jsx'),
    `${lines.join('\n')}\n\n${items}\n\nexport function AllWidgets() {\n  return (\n    <>\n${body}\n    </>\n  );\n}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generate();
  console.log(`generated ${count} components in ${path.relative(process.cwd(), outDir) || '.'}`);
}
