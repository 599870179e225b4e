// webpack with ts-loader and the persistent filesystem cache, plus warmbuild's checks in the build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import warmbuild from '@warmbuild/webpack-plugin';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('webpack').Configuration} */
export default {
  context: here,
  entry: './src/index.ts',
  output: { path: path.join(here, 'dist'), filename: 'app.[contenthash:8].js', clean: true },
  devtool: 'source-map',
  resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true } }],
  },
  // webpack's own persistent cache; warmbuild's caches live beside it in node_modules/.cache/warmbuild.
  cache: { type: 'filesystem', buildDependencies: { config: [fileURLToPath(import.meta.url)] } },
  plugins: [warmbuild({ root: here, failOn: 'error', bundleGraph: true })],
};
