// The same app with no babel plugin at all (no React Compiler): the floor a warm build aims for.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { sourcemap: true },
  logLevel: 'warn',
});
