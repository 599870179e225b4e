import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, createLogger, type ViteDevServer } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import warmbuild from '@warmbuild/vite-plugin';
import { bigModule, createFixture, largeFileOptions, type Fixture } from './fixture.js';

/** The one browser global the page.waitForFunction() callbacks use: they run in Chromium, not in Node. */
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

let fixture: Fixture | undefined;
let server: ViteDevServer | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await server?.close();
  fixture?.cleanup();
  browser = server = fixture = undefined;
});

async function startServer(root: string, extra: Record<string, unknown> = {}) {
  const logger = createLogger('error', { allowClearScreen: false });
  const errors: string[] = [];
  logger.error = (message) => void errors.push(message);
  server = await createServer({
    root,
    configFile: false,
    customLogger: logger,
    plugins: [warmbuild({ ...largeFileOptions(root, true), ...extra })],
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: { usePolling: false } },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, errors };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('vite dev server with the warmbuild plugin', () => {
  // Needs Debian's chromium; skipped (and says so) only when /usr/bin/chromium is absent.
  it.skipIf(!hasChromium)(
    `shows failing findings in the error overlay in a real browser, and clears it once fixed${hasChromium ? '' : ` [skipped: ${CHROMIUM} is missing; apt-get install -y chromium]`}`,
    async () => {
      fixture = createFixture({ big: true });
      const { url, errors } = await startServer(fixture.root);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      const page = await browser.newPage();
      await page.goto(url);
      const overlay = page.locator('vite-error-overlay');
      // The overlay is a custom element with a shadow root; playwright's locators pierce it.
      await overlay.locator('.message-body').waitFor({ timeout: 15_000 });
      const text = await overlay.locator('.message-body').innerText();
      expect(text).toContain("at or above failOn 'error'");
      expect(text).toContain('src/data.js  40 lines, over the 20-line budget');
      expect(await overlay.locator('.plugin').innerText()).toContain('warmbuild');
      expect(errors.join('\n')).toContain('src/data.js');
      if (process.env.WARMBUILD_SCREENSHOT) await page.screenshot({ path: process.env.WARMBUILD_SCREENSHOT });

      // A browser that connects later gets the overlay too.
      const late = await browser.newPage();
      await late.goto(url);
      await late.locator('vite-error-overlay .message-body').waitFor({ timeout: 15_000 });
      expect(await late.locator('vite-error-overlay .message-body').innerText()).toContain('src/data.js  40 lines');
      await late.close();

      // Still failing after an edit: the overlay follows the new finding.
      fixture.write('src/data.js', bigModule(30));
      await waitFor(
        async () =>
          (await overlay.count()) > 0 && (await overlay.locator('.message-body').innerText()).includes('30 lines'),
        'the updated overlay',
      );

      // Fixed: the page reloads without the overlay, and a fresh page shows none either.
      fixture.write('src/data.js', 'export const v0 = 0;\n');
      await page.waitForFunction(
        () => document.querySelector('#app')?.textContent === 'ab1 0' && !document.querySelector('vite-error-overlay'),
        undefined,
        { timeout: 15_000 },
      );
      const fresh = await browser.newPage();
      await fresh.goto(url);
      await fresh.waitForFunction(() => document.querySelector('#app')?.textContent === 'ab1 0');
      // Give a late overlay message the chance to arrive before asserting there is none.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await fresh.locator('vite-error-overlay').count()).toBe(0);
    },
  );

  it.skipIf(!hasChromium)(
    `the overlay links the first finding's file and position and shows its code frame${hasChromium ? '' : ` [skipped: ${CHROMIUM} is missing]`}`,
    async () => {
      // The fixture's a.js <-> b.js cycle: a finding with a position (large-file has none).
      fixture = createFixture();
      const { url } = await startServer(fixture.root, { only: ['circular-import'] });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      const page = await browser.newPage();
      await page.goto(url);
      const overlay = page.locator('vite-error-overlay');
      await overlay.locator('.message-body').waitFor({ timeout: 15_000 });
      const message = await overlay.locator('.message-body').innerText();
      const found = /^circular-import: (src\/[ab]\.js):(\d+):(\d+) {2}/.exec(message);
      expect(found, message).not.toBeNull();
      const [, file, line, column] = found!;
      expect(message).toContain("(1 finding at or above failOn 'error')");
      expect(message).toContain('report: node_modules/.cache/warmbuild/report.json');
      // Vite's overlay prints `loc` as file:line:column and the frame under it.
      expect(await overlay.locator('.file').innerText()).toBe(`${fixture.root}/${file}:${line}:${column}`);
      const frame = await overlay.locator('.frame').innerText();
      const sourceLine = fixture.read(file).split('\n')[Number(line) - 1];
      expect(frame).toContain(`> ${line} | ${sourceLine}`);
      expect(frame).toContain(`| ${' '.repeat(Number(column) - 1)}^`);
    },
  );

  it('re-checks changed files and writes a dev report; its own cache dir inside the root is neither checked nor watched', async () => {
    fixture = createFixture({ big: true });
    const { errors } = await startServer(fixture.root, { cache: { cacheDir: '.wb-cache' } });
    const report = () => JSON.parse(fs.readFileSync(`${fixture!.root}/.wb-cache/report.json`, 'utf8'));
    await waitFor(() => errors.some((message) => message.includes('src/data.js  40 lines')), 'the first check');
    fixture.write('src/data.js', 'export const v0 = 0;\n');
    await waitFor(
      () => fs.existsSync(`${fixture!.root}/.wb-cache/report.json`) && report().summary.error === 0,
      'the re-check',
    );
    expect(report()).toMatchObject({ bundler: 'vite', mode: 'dev', summary: { failed: false } });
    // index.html, README.md and the four modules: nothing from .wb-cache.
    expect(report().checks.files.total).toBe(6);
    // Writing the report does not trigger another re-check (no loop through the watcher).
    const written = report().finishedAt;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(report().finishedAt).toBe(written);
  });
});
