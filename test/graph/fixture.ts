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
