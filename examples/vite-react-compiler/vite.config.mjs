// React Compiler through @rolldown/plugin-babel, its transform answered from warmbuild's
// persistent cache. `vite.config.plain.mjs` is the same build without the cache.
import { defineConfig } from 'vite';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';

export default defineConfig({
  plugins: [cached(babel, { plugins: ['babel-plugin-react-compiler'] })],
  build: { sourcemap: true },
});
