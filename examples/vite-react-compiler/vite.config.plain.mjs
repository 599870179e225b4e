// The same build with React Compiler through @rolldown/plugin-babel, without warmbuild (bench baseline).
import { defineConfig } from 'vite';
import babel from '@rolldown/plugin-babel';

export default defineConfig({
  plugins: [babel({ plugins: ['babel-plugin-react-compiler'] })],
  build: { sourcemap: true },
  logLevel: 'warn',
});
