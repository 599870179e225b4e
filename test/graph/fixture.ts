import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, type Finding, type WarmbuildOptions } from '@warmbuild/core';

/** A temp repository with these files (content as given; objects are written as JSON). */
export function writeRepo(
  files: Record<string, string | object>,
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-graph-')),
): string {
  for (const [rel, content] of Object.entries(files)) {
    const absolute = path.join(dir, rel);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Run the checks once in a fresh context (cache under the repo unless disabled). */
export async function check(
  root: string,
  options: WarmbuildOptions = {},
): Promise<{ findings: Finding[]; misses: number; hits: number }> {
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

const bin = fileURLToPath(new URL('../../packages/core/dist/cli/bin.js', import.meta.url));

/** `warmbuild <args>` as a child process, as a user runs it (after `pnpm build`). */
export function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `warmbuild check <root> --format json <args>`: exit status and findings. */
export function checkJson(
  root: string,
  args: string[] = [],
  env: Record<string, string> = {},
): { status: number | null; findings: Finding[]; stderr: string } {
  const result = cli(['check', root, '--format', 'json', ...args], env);
  if (result.status === null || result.status > 1)
    throw new Error(`warmbuild exited ${result.status}:\n${result.stderr}`);
  return {
    status: result.status,
    findings: (JSON.parse(result.stdout) as { findings: Finding[] }).findings,
    stderr: result.stderr,
  };
}
