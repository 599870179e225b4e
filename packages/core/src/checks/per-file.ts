import type { LoadedFile } from '../files/loader.js';
import type { Finding } from '../types.js';
import type { CheckContext } from './types.js';

/**
 * Run a pure per-file function over text files, caching its findings by content hash
 * in the check's namespace (whose salt holds options and versions). A warm run reads
 * no unchanged file: the hash comes from the file-state index and the findings from the cache.
 */
export async function mapFilesCached(
  context: CheckContext,
  files: readonly LoadedFile[],
  analyse: (file: LoadedFile, content: Buffer) => Finding[] | Promise<Finding[]>,
): Promise<Finding[]> {
  const out: Finding[] = [];
  await Promise.all(
    files.map(async (file) => {
      if (file.status !== 'ok' || !file.hash || file.binary) return;
      if (context.signal.aborted) return;
      const cached = await context.cache.getJson<Finding[]>(context.cache.key(file.path, file.hash));
      if (cached) {
        out.push(...cached);
        return;
      }
      const { content, hash } = await context.read(file);
      const findings = await analyse(file, content);
      await context.cache.setJson(context.cache.key(file.path, hash), findings);
      out.push(...findings);
    }),
  );
  return out;
}
