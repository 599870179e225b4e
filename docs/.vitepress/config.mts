import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { slug } from 'github-slugger';
import { defineConfig } from 'vitepress';
import { rewriteRepositoryLinks } from './repository-links.js';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Pages link to each other the way GitHub renders them (relative `.md` links, GitHub heading slugs),
// so the same files read correctly on GitHub and here; warmbuild's own link check holds them to it.
export default defineConfig({
  title: 'warmbuild',
  description: 'Persistent caches, repository checks inside every build, and a GitHub Action for JS/TS repositories.',
  srcDir: '.',
  srcExclude: ['action/**'],
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  markdown: {
    // GitHub's slugs (`report.json` -> `reportjson`, `workflow_run` keeps its underscore), not VitePress's,
    // so a `#fragment` written for GitHub lands on the same heading here.
    anchor: { slugify: (text: string) => slug(text) },
    config(md) {
      rewriteRepositoryLinks(md, { repository: process.env.WARMBUILD_DOCS_REPOSITORY });
      // Inline code is literal on GitHub; without v-pre Vue would evaluate `${{ github.token }}`.
      const codeInline = md.renderer.rules.code_inline!;
      md.renderer.rules.code_inline = (tokens, idx, options, env, self) => {
        tokens[idx].attrSet('v-pre', '');
        return codeInline(tokens, idx, options, env, self);
      };
    },
  },
  themeConfig: {
    nav: [
      { text: 'Rules', link: '/rules' },
      { text: 'Plugins', link: '/plugins' },
      { text: 'Action', link: '/action' },
      { text: 'Benchmarks', link: '/benchmarks' },
    ],
    sidebar: [
      {
        text: 'warmbuild',
        items: [
          { text: 'Overview', link: '/' },
          { text: 'The warmbuild CLI', link: '/cli' },
          { text: 'Rules', link: '/rules' },
          { text: 'Caches', link: '/caches' },
        ],
      },
      {
        text: 'In your build and CI',
        items: [
          { text: 'Vite and webpack plugins', link: '/plugins' },
          { text: 'Transform cache', link: '/transform-cache' },
          { text: 'GitHub Action', link: '/action' },
          { text: 'Shared remote cache', link: '/remote-cache' },
        ],
      },
      {
        text: 'Measurements',
        items: [
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Corpus', link: '/corpus' },
        ],
      },
    ],
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  // The workflow files action.md links to are copied as they are, so the same relative links work here.
  buildEnd({ outDir }) {
    const from = path.join(docsDir, 'action');
    fs.mkdirSync(path.join(outDir, 'action'), { recursive: true });
    for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(outDir, 'action', name));
  },
});
