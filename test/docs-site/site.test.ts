import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = path.join(repoRoot, 'docs');
const vitepressBin = path.join(docsDir, 'node_modules/vitepress/bin/vitepress.js');

/** Every markdown page of docs/ and the URL the site serves it at. */
const pages = fs
  .readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => (name === 'index.md' ? '/' : `/${name.replace(/\.md$/, '.html')}`))
  .sort();

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.yml': 'text/yaml',
};

/** Serves `root` as a static host would: `/` is index.html, anything else must exist as a file. */
function serve(root: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function build(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitepressBin, 'build', docsDir, '--outDir', outDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      // VitePress reports a render error (a Vue expression in the markdown) and still exits 0.
      if (code !== 0 || /error/i.test(output.replace(/\u001b\[[\d;]*m/g, '')))
        reject(new Error(`vitepress build exited ${code}:\n${output}`));
      else resolve();
    });
  });
}

describe('the VitePress docs site', () => {
  let outDir: string;
  let server: http.Server | undefined;
  let browser: Browser | undefined;
  let origin: string;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-docsite-'));
    await build(outDir);
    server = await serve(outDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('builds a page for every markdown file of docs/', () => {
    expect(pages).toContain('/');
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const page of pages)
      expect(fs.existsSync(path.join(outDir, page === '/' ? 'index.html' : page)), page).toBe(true);
  });

  // Needs Debian's chromium; skipped (and says so) only when /usr/bin/chromium is absent.
  it.skipIf(!hasChromium)(
    `renders every page in a real browser, and every internal link on it reaches a page and an anchor that exist${hasChromium ? '' : ` [skipped: ${CHROMIUM} is missing; apt-get install -y chromium]`}`,
    async () => {
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
      const context = await browser.newContext();
      const ids = new Map<string, Set<string>>();
      const links: { from: string; text: string; url: URL }[] = [];

      for (const pagePath of pages) {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on(
          'console',
          (message) => void (message.type() === 'error' && errors.push(`${message.text()} ${message.location().url}`)),
        );
        page.on('pageerror', (error) => void errors.push(error.message));
        const response = await page.goto(origin + pagePath, { waitUntil: 'networkidle' });
        expect(response?.status(), pagePath).toBe(200);
        // Hydrated: the theme's layout is mounted and the page's own content is inside it.
        await page.locator('.VPContent .vp-doc h1').first().waitFor({ timeout: 15_000 });
        const h1 = (await page.locator('.vp-doc h1').first().innerText()).replace(/\u200b/g, '').trim();
        expect(h1.length, `${pagePath} has a title`).toBeGreaterThan(0);
        expect(await page.title(), pagePath).toMatch(/warmbuild/);
        const text = await page.locator('.vp-doc').innerText();
        expect(text.length, `${pagePath} has content`).toBeGreaterThan(500);
        expect(errors, `${pagePath}: console errors`).toEqual([]);

        // Each is an HTMLAnchorElement in the browser (the tests are type-checked without the DOM lib).
        const sidebar = await page.$$eval('.VPSidebar a[href]', (anchors) =>
          anchors.map((a) => (a as { href: string }).href),
        );
        expect(
          sidebar.map((href) => new URL(href).pathname).sort(),
          `${pagePath}: the sidebar lists every page`,
        ).toEqual(pages);

        ids.set(pagePath, new Set(await page.$$eval('[id]', (elements) => elements.map((element) => element.id))));
        for (const link of await page.$$eval('a[href]', (anchors) =>
          anchors.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent ?? '' })),
        )) {
          const url = new URL(link.href, origin + pagePath);
          if (url.origin === origin) links.push({ from: pagePath, text: link.text.trim(), url });
        }
        await page.close();
      }

      expect(
        links.some(({ from, url }) => from === '/' && url.pathname === '/rules.html'),
        'the home page links docs/rules.md',
      ).toBe(true);

      const status = new Map<string, number>();
      const problems: string[] = [];
      for (const { from, text, url } of links) {
        if (!status.has(url.pathname)) status.set(url.pathname, (await fetch(origin + url.pathname)).status);
        if (status.get(url.pathname) !== 200) {
          problems.push(`${from}: "${text}" -> ${url.pathname} is HTTP ${status.get(url.pathname)}`);
          continue;
        }
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (!anchor) continue;
        const targetIds = ids.get(url.pathname);
        if (!targetIds)
          problems.push(`${from}: "${text}" -> ${url.pathname}${url.hash}: a fragment into a file that is not a page`);
        else if (!targetIds.has(anchor))
          problems.push(`${from}: "${text}" -> ${url.pathname}: no element with id "${anchor}"`);
      }
      expect(problems).toEqual([]);
      // Fragments into other pages were really checked, not skipped.
      expect(links.filter(({ from, url }) => url.hash && url.pathname !== from).length).toBeGreaterThan(5);
    },
    120_000,
  );
});
