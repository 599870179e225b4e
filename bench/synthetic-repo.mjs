// Deterministic synthetic repository for benches and tests: same inputs, same bytes.
import fs from 'node:fs';
import path from 'node:path';

/** Seeded PRNG (mulberry32): the benches' generators share it, so a seed means the same bytes. */
export function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Write `files` files under `root`: TypeScript modules importing each other, markdown
 * docs and JSON, in nested directories, plus a .gitignore'd build directory. File mtimes
 * are set a minute into the past, as for a checkout made before the run.
 */
export function generateRepo(root, { files = 10_000, seed = 42 } = {}) {
  const random = prng(seed);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const past = new Date(Date.now() - 60_000);
  const written = [];
  const write = (rel, text) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  };
  write('.gitignore', 'dist/\n*.log\n');
  write('package.json', JSON.stringify({ name: 'synthetic', private: true, type: 'module' }, null, 2));
  write('dist/bundle.js', '// ignored build output\n'.repeat(100));
  const modules = [];
  for (let i = 0; i < files - 3; i++) {
    const dir = `src/area-${i % 25}/part-${Math.floor(i / 25) % 16}`;
    const kind = random();
    if (kind < 0.8) {
      const rel = `${dir}/module-${i}.ts`;
      const imports = [];
      for (let j = 0; j < 3 && modules.length > 0; j++) {
        const target = modules[Math.floor(random() * modules.length)];
        imports.push(
          `import { value as v${j} } from '${path.posix
            .relative(dir, target)
            .replace(/^(?!\.)/, './')
            .replace(/\.ts$/, '.js')}';`,
        );
      }
      const body = Array.from(
        { length: 10 + Math.floor(random() * 40) },
        (_, k) => `export const item${k} = ${Math.floor(random() * 1e6)};`,
      );
      write(rel, `${imports.join('\n')}\nexport const value = ${i};\n${body.join('\n')}\n`);
      modules.push(rel);
    } else if (kind < 0.95) {
      write(`docs/${dir}/page-${i}.md`, `# Page ${i}\n\nSome text about module ${i}.\n\n## Details\n\n- one\n- two\n`);
    } else {
      write(`${dir}/data-${i}.json`, JSON.stringify({ id: i, values: Array.from({ length: 20 }, () => random()) }));
    }
  }
  for (const file of written) fs.utimesSync(file, past, past);
  return { root, files: written.length };
}
