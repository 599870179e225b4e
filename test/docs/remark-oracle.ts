import path from 'node:path';
import { Writable } from 'node:stream';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import { engine, type Options as EngineOptions } from 'unified-engine';
import type { Finding } from '@warmbuild/core';

/**
 * remark-validate-links as remark-cli runs it (unified-engine gives the plugin its file set,
 * which is what makes it check headings in other files), on every markdown file of `root`.
 * Returns one key per warning: `file:line file <resolved>` for a missing file and
 * `file:line anchor <resolved>#<fragment>` for a missing heading, paths repo-relative.
 */
// unified-engine types a plugin as taking `unknown` parameters, which no plugin with typed options
// satisfies under strictFunctionTypes; remark-validate-links also takes the engine's file set second.
type EnginePlugin = Extract<NonNullable<EngineOptions['plugins']>, unknown[]>[number];

export async function remarkLinkKeys(root: string, repository: string | false): Promise<string[]> {
  const files = await new Promise<{ path: string; messages: { line?: number; ruleId?: string; reason: string }[] }[]>(
    (resolve, reject) => {
      engine(
        {
          processor: remark(),
          cwd: root,
          files: ['.'],
          extensions: ['md', 'markdown'],
          plugins: [[remarkValidateLinks, { repository, root }] as EnginePlugin],
          out: false,
          output: false,
          silent: true,
          streamError: new Writable({ write: (_chunk, _encoding, done) => done() }),
        },
        (error, _code, context) => (error ? reject(error) : resolve((context?.files ?? []) as never)),
      );
    },
  );
  const keys: string[] = [];
  for (const file of files) {
    const rel = path.relative(root, path.resolve(root, file.path)).split(path.sep).join('/');
    const dir = path.posix.dirname(rel);
    const resolve = (target: string) => {
      const joined = path.posix.normalize(path.posix.join(dir, target));
      return joined === '.' ? '' : joined.replace(/\/$/, '');
    };
    for (const message of file.messages) {
      const missingFile = /^Cannot find file `([^`]*)`/.exec(message.reason);
      const missingHeading = /^Cannot find heading for `#([^`]*)`(?: in `([^`]*)`)?/.exec(message.reason);
      if (missingFile) keys.push(`${rel}:${message.line} file ${resolve(missingFile[1])}`);
      else if (missingHeading)
        keys.push(
          `${rel}:${message.line} anchor ${missingHeading[2] === undefined ? rel : resolve(missingHeading[2])}#${missingHeading[1]}`,
        );
      else throw new Error(`unexpected remark-validate-links message in ${rel}: ${message.reason}`);
    }
  }
  return keys.sort();
}

/**
 * warmbuild's link findings in the same key format. `link-case-mismatch` becomes `case`:
 * remark reports those as missing files (a deliberate difference, see the README).
 * remark lower-cases fragments before comparing; keys use the lower-cased fragment too.
 */
export function warmbuildLinkKeys(findings: readonly Finding[]): string[] {
  const keys: string[] = [];
  for (const finding of findings) {
    const where = `${finding.file}:${finding.line}`;
    if (finding.rule === 'broken-link') keys.push(`${where} file ${String(finding.resolved)}`);
    else if (finding.rule === 'link-case-mismatch') keys.push(`${where} case ${String(finding.resolved)}`);
    else if (finding.rule === 'missing-anchor')
      keys.push(`${where} anchor ${String(finding.resolved)}#${String(finding.anchor).toLowerCase()}`);
  }
  return keys.sort();
}

/** Items of `a` not in `b` (multiset difference, sorted). */
export function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const key of b) left.set(key, (left.get(key) ?? 0) + 1);
  const out: string[] = [];
  for (const key of a) {
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    else out.push(key);
  }
  return out.sort();
}
