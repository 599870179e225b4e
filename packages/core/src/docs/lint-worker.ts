import { lintMarkdownFile, type FileDocResult, type LintFileOptions } from './lint-file.js';

/** One batch of markdown files for a lint worker. */
export interface LintTask {
  files: Uint8Array[];
  options: LintFileOptions;
}

export default function lintBatch(task: LintTask): FileDocResult[] {
  return task.files.map((content) => lintMarkdownFile(content, task.options));
}
