import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type Finding, type WarmbuildOptions } from '@warmbuild/core';

/** A temp repository with these files (content as given; objects are written as JSON). */
export function writeRepo(files: Record<string, string | object>, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-graph-'))): string {
  for (const [rel, content] of Object.entries(files)) {
    const absolute = path.join(dir, rel);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Run the checks once in a fresh context (cache under the repo unless disabled). */
export async function check(root: string, options: WarmbuildOptions = {}): Promise<{ findings: Finding[]; misses: number; hits: number }> {
  const context = createContext({ root, ...options });
  try {
    const result = await context.runChecks();
    const stats = context.stats();
    return { findings: result.findings, misses: stats.misses, hits: stats.hits };
  } finally {
    await context.close();
  }
}

export function rules(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

/** The TypeScript this repository builds with, linked into a fixture as the user's own. */
export function linkTypeScript(root: string): void {
  const target = path.dirname(require_resolve_typescript());
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  fs.symlinkSync(target, path.join(root, 'node_modules', 'typescript'), 'dir');
}

function require_resolve_typescript(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', 'typescript', 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('typescript not installed');
    dir = parent;
  }
}
