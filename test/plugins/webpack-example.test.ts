import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/webpack-app');

describe('examples/webpack-app', () => {
  it('builds with webpack-cli, ts-loader, the filesystem cache and the plugin, and writes report.json', () => {
    const cli = path.join(example, 'node_modules/webpack-cli/bin/cli.js');
    const result = spawnSync(process.execPath, [cli, '--mode', 'production'], { cwd: example, encoding: 'utf8' });
    expect(result.stderr + result.stdout).toContain('compiled successfully');
    expect(result.status).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(example, 'node_modules/.cache/warmbuild/report.json'), 'utf8'));
    expect(report).toMatchObject({
      bundler: 'webpack',
      mode: 'build',
      summary: { error: 0, failed: false },
      bundleGraph: { modules: 4, cycles: 0 },
    });
    expect(fs.existsSync(path.join(example, 'node_modules/.cache/webpack'))).toBe(true);
    expect(fs.readdirSync(path.join(example, 'dist')).some((name) => /^app\.[0-9a-f]{8}\.js$/.test(name))).toBe(true);
  });
});
