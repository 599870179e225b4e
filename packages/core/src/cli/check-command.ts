import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '../context.js';
import { loadConfigFile, mergeOptions, resolveCacheDir } from '../config.js';
import { renderTextReport } from '../report/format-text.js';
import { itemsHaveErrors, renderJsonReport, reportFindings } from '../report/report-items.js';
import { oneOf, parseCommandArgs, withUsageErrors } from './args.js';
import { createProgress } from './progress.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function checkCommand(argv: string[]): Promise<number> {
  return withUsageErrors(async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      only: { type: 'string', multiple: true },
      format: { type: 'string' },
      'cache-dir': { type: 'string' },
      cache: { type: 'boolean', default: true },
      'fail-fast': { type: 'boolean', default: false },
      'include-type-imports': { type: 'boolean' },
      'dynamic-imports': { type: 'boolean' },
    });
    const format = oneOf('format', values.format, FORMATS, 'text');
    const only = values.only
      ?.flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
    const root = path.resolve(positionals[0] ?? process.cwd());
    const config = fs.existsSync(root) ? loadConfigFile(root) : { options: {} };
    const cacheDir = values.cache ? resolveCacheDir(root, config, values['cache-dir']) : undefined;
    const context = createContext(
      mergeOptions(config.options, {
        root,
        cache: cacheDir === undefined ? false : config.options.cache === false ? undefined : { cacheDir },
        only,
        failFast: values['fail-fast'] || undefined,
        checks: cycleFlags(values['include-type-imports'], values['dynamic-imports']),
      }),
    );
    const progress = createProgress('warmbuild: loading files');
    const started = performance.now();
    const result = await context.runChecks({ onProgress: progress.update });
    progress.done();
    await context.close();
    const stats = {
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      files: result.files,
      timings: result.timings,
      cache: context.stats(),
      stoppedEarly: result.stoppedEarly,
    };
    const findings = reportFindings(result);
    if (format === 'json') {
      // Stored findings go out as the bytes they were stored as (report/stored-findings.ts).
      writeFew(renderJsonReport(findings, stats));
    } else if (format === 'sarif') {
      const { formatSarif } = await import('../report/format-sarif.js');
      const { loadRuleMeta } = await import('../checks/registry.js');
      process.stdout.write(formatSarif(result.findings, context.root, await loadRuleMeta()));
    } else {
      writeFew(renderTextReport(findings, { color: process.stdout.isTTY, root: context.root }));
      const c = stats.cache;
      process.stdout.write(
        `files: ${result.files.total} (${result.files.read} read, ${result.files.statOnly} unchanged) · ` +
          `cache: ${c.hits} hits, ${c.misses} misses, hit rate ${(c.hitRate * 100).toFixed(1)}%` +
          (c.remoteHits + c.remoteMisses + c.remoteUploads + c.remoteErrors > 0
            ? ` (remote: ${c.remoteHits} hits, ${c.remoteUploads} uploads${c.remoteErrors ? `, ${c.remoteErrors} errors` : ''})`
            : '') +
          ` · ${stats.durationMs.toFixed(0)} ms\n`,
      );
    }
    return itemsHaveErrors(findings) ? 1 : 0;
  });
}

/**
 * Writes chunks to stdout in few writes: small chunks (a stored block printed on its own, a
 * stretch of text report) are gathered into writes of about a megabyte, as a write per chunk
 * cost more than the copy; a range of stored bytes that large is written as it is.
 */
function writeFew(chunks: readonly (string | Uint8Array)[]): void {
  const WRITE_BYTES = 1 << 20;
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  const flush = () => {
    if (gathered.length > 0)
      process.stdout.write(gathered.length === 1 ? gathered[0] : Buffer.concat(gathered, gatheredBytes));
    gathered = [];
    gatheredBytes = 0;
  };
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (bytes.byteLength >= WRITE_BYTES) {
      flush();
      process.stdout.write(bytes);
      continue;
    }
    gathered.push(bytes);
    gatheredBytes += bytes.byteLength;
    if (gatheredBytes >= WRITE_BYTES) flush();
  }
  flush();
}

/** `--include-type-imports` / `--dynamic-imports` as `checks['circular-import']` options. */
function cycleFlags(
  includeTypeImports: boolean | undefined,
  dynamicImports: boolean | undefined,
): Record<string, unknown> | undefined {
  if (includeTypeImports === undefined && dynamicImports === undefined) return undefined;
  return { 'circular-import': { includeTypeImports, dynamicImports } };
}
