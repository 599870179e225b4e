// Child process of the `vite dev` test: a dev server with cached(babel) on argv[2] (a project
// root), remote settings from WARMBUILD_REMOTE_*. Prints `port <n>` once listening, and
// `transformed <id>` each time babel itself runs (a cache miss).
import { createServer } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';

/** babel, telling the test when it really transforms (the hook object is kept: its filter is live). */
async function countedBabel(options) {
  const plugin = await babel(options);
  const handler = plugin.transform.handler;
  plugin.transform.handler = function (code, id, ...rest) {
    process.stdout.write(`transformed ${id}\n`);
    return handler.call(this, code, id, ...rest);
  };
  return plugin;
}

const root = process.argv[2];
const server = await createServer({
  root,
  configFile: false,
  envDir: false,
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
  plugins: [cached(countedBabel, { plugins: ['babel-plugin-react-compiler'] })],
});
await server.listen();
process.stdout.write(`port ${server.httpServer.address().port}\n`);
