import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type Finding, type WarmbuildOptions } from '@warmbuild/core';
import { DOC_RULES } from '../../packages/core/test-support/doc-rules.js';

/** A throwaway repository: files written from a map, removed by `cleanup`. */
export function createRepo(files: Record<string, string | Buffer>): {
  root: string;
  write(rel: string, content: string | Buffer): void;
  remove(rel: string): void;
  cleanup(): void;
} {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-docs-'));
  const write = (rel: string, content: string | Buffer) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return {
    root,
    write,
    remove: (rel) => fs.rmSync(path.join(root, rel), { force: true }),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Run the doc validator rules in-process, the way `warmbuild check` does. */
export async function runDocs(
  root: string,
  options: WarmbuildOptions = {},
): Promise<{ findings: Finding[]; hits: number; misses: number }> {
  const context = createContext({ root, only: DOC_RULES, ...options });
  try {
    const result = await context.runChecks();
    const stats = context.stats();
    return { findings: result.findings, hits: stats.hits, misses: stats.misses };
  } finally {
    await context.close();
  }
}

/**
 * DOC_RULES as one `--only` argument, without link-case-mismatch: what the CLI runs of the warm
 * and linear-time tests select.
 */
export const DOC_RULES_ARG = DOC_RULES.filter((rule) => rule !== 'link-case-mismatch').join(',');

/** `file:line rule target` keys, sorted, for readable set comparisons. */
export function keys(findings: readonly Finding[], rules?: readonly string[]): string[] {
  return findings
    .filter((finding) => !rules || rules.includes(finding.rule))
    .map(
      (finding) =>
        `${finding.file}:${finding.line} ${finding.rule}${finding.target === undefined ? '' : ` ${String(finding.target)}`}`,
    )
    .sort();
}
