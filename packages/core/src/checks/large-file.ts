import type { LargeFileOptions } from '../types.js';
import type { Finding } from '../types.js';
import type { Check } from './types.js';
import { mapFilesCached } from './per-file.js';

export const DEFAULT_LARGE_FILE_BYTES = 1024 * 1024;
export const DEFAULT_LARGE_FILE_LINES = 10_000;

function resolveOptions(options: LargeFileOptions | undefined): Required<LargeFileOptions> {
  const maxBytes = options?.maxBytes ?? DEFAULT_LARGE_FILE_BYTES;
  const maxLines = options?.maxLines ?? DEFAULT_LARGE_FILE_LINES;
  for (const [name, value] of [
    ['largeFile.maxBytes', maxBytes],
    ['largeFile.maxLines', maxLines],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  }
  return { maxBytes, maxLines };
}

function countLines(content: Buffer): number {
  let lines = content.length > 0 && content[content.length - 1] !== 0x0a ? 1 : 0;
  let index = -1;
  while ((index = content.indexOf(0x0a, index + 1)) !== -1) lines++;
  return lines;
}

/**
 * `large-file`: files over a byte or line budget (committed bundles, generated data).
 * `unreadable-file`: files the loader could not read (broken links, loops, permissions).
 */
export const largeFileCheck: Check = {
  id: 'large-file',
  rules: [
    { id: 'large-file', severity: 'warning', description: 'File over the size or line budget' },
    { id: 'unreadable-file', severity: 'warning', description: 'File that could not be read' },
  ],
  salt: (options) => {
    const { maxBytes, maxLines } = resolveOptions(options.largeFile);
    return [maxBytes, maxLines];
  },
  async run(context) {
    const { maxBytes, maxLines } = resolveOptions(context.options.largeFile);
    const findings: Finding[] = [];
    const finding = (file: string, message: string, rule = 'large-file'): Finding => ({
      rule,
      severity: 'warning',
      file,
      line: 0,
      column: 0,
      message,
    });
    const small = [];
    for (const file of context.files) {
      if (file.status === 'error') {
        if (context.isRuleEnabled('unreadable-file'))
          findings.push(finding(file.path, `cannot read: ${file.reason}`, 'unreadable-file'));
      } else if (file.size > maxBytes) {
        if (context.isRuleEnabled('large-file')) {
          findings.push(
            finding(file.path, `${file.size} bytes, over the ${maxBytes}-byte budget (largeFile.maxBytes)`),
          );
        }
      } else if (file.status === 'ok') {
        small.push(file);
      }
    }
    if (context.isRuleEnabled('large-file')) {
      findings.push(
        ...(await mapFilesCached(context, small, (file, content) => {
          const lines = countLines(content);
          return lines > maxLines
            ? [finding(file.path, `${lines} lines, over the ${maxLines}-line budget (largeFile.maxLines)`)]
            : [];
        })),
      );
    }
    return findings;
  },
};
