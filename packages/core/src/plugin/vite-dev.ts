import path from 'node:path';
import type { BuildOutcome, BuildSession } from './build-session.js';

// Structural types of the Vite dev server APIs used here: the engine never imports a bundler.
export interface ViteDevServerLike {
  config: {
    root: string;
    cacheDir: string;
    build?: { outDir?: string };
    logger: { warn(message: string): void; error(message: string): void; info(message: string): void };
  };
  ws: { send(payload: unknown): void; on(event: 'connection', listener: () => void): void };
  watcher: { on(event: 'all', listener: (event: string, file: string) => void): void };
  pluginContainer?: ResolveIdLike;
  environments?: { client?: { pluginContainer?: ResolveIdLike } };
}
interface ResolveIdLike {
  resolveId(id: string, importer?: string): Promise<unknown>;
}

/** How long to gather watcher events before one incremental re-check. */
const SETTLE_MS = 50;

/**
 * `vite dev`: check at start, re-check changed files, and keep the error overlay in step:
 * failing findings open it (also for browsers that connect later), fixing them reloads the page, which closes it.
 */
export function attachDevServer(server: ViteDevServerLike, session: BuildSession, overlay: boolean): void {
  const { logger } = server.config;
  const outDir = path.resolve(server.config.root, server.config.build?.outDir ?? 'dist');
  session.setLogger({ warn: (message) => logger.warn(`warmbuild: ${message}`) });
  session.begin({ root: server.config.root, mode: 'dev', outputDirs: [outDir, server.config.cacheDir] });
  let shown: BuildOutcome | undefined;
  let lastErrorText: string | undefined;

  // Vite's ErrorPayload: the overlay shows the message, links `loc` (else `id`), and shows the frame.
  const payload = (outcome: BuildOutcome) => {
    const error = outcome.error;
    return {
      type: 'error',
      err: {
        message: error?.message ?? outcome.errorText,
        stack: '',
        plugin: 'warmbuild',
        id: error?.id,
        loc: error?.loc,
        frame: error?.frame,
      },
    };
  };

  const publish = (outcome: BuildOutcome) => {
    const warnings = session.takeNewWarningText(outcome);
    if (warnings) logger.warn(warnings);
    if (outcome.errorText !== lastErrorText) {
      lastErrorText = outcome.errorText;
      if (outcome.errorText) logger.error(outcome.errorText);
      else if (shown) logger.info('warmbuild: findings fixed');
    }
    if (overlay && outcome.errorText) {
      shown = outcome;
      server.ws.send(payload(outcome));
    } else if (shown) {
      shown = undefined;
      server.ws.send({ type: 'full-reload', path: '*' });
    }
  };
  const fail = (error: unknown) => logger.error(`warmbuild: checks failed: ${(error as Error)?.message ?? error}`);
  // The dev server's resolver (aliases, virtual modules) answers what TypeScript cannot.
  const container = server.environments?.client?.pluginContainer ?? server.pluginContainer;
  const resolve =
    container &&
    (async (specifier: string, importer: string) => (await container.resolveId(specifier, importer)) != null);

  session.finish({ resolve }).then(publish, fail);
  server.ws.on('connection', () => {
    if (shown) server.ws.send(payload(shown));
  });

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  server.watcher.on('all', (_event, file) => {
    const root = session.root ?? server.config.root;
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules')) return;
    if (session.isOwnOutput(file)) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending];
      pending.clear();
      session.recheck(changed, { resolve }).then(publish, fail);
    }, SETTLE_MS);
  });
}
