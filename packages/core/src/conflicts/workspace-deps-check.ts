import type { Check, CheckContext } from '../checks/types.js';
import type { Finding } from '../types.js';
import { inWorkspace, locateKey, readWorkspaceLayout, resolveCatalog, type WorkspaceManifest } from './workspace-packages.js';

/** Sections compared across packages; peer ranges are meant to be wide, so they are left alone. */
const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const LOCAL_PROTOCOLS = /^(?:workspace|link|file|portal|patch|git\+?[a-z]*|github|npm):/;

function isManifest(rel: string): boolean {
  return rel === 'package.json' || rel.endsWith('/package.json');
}

function dirOf(rel: string): string {
  return rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
}

async function readManifests(context: CheckContext, findings: Finding[]): Promise<{ manifests: WorkspaceManifest[]; yaml: string | undefined }> {
  const manifests: WorkspaceManifest[] = [];
  let yaml: string | undefined;
  for (const file of context.files) {
    if (file.status !== 'ok') continue;
    if (file.path === 'pnpm-workspace.yaml') yaml = (await context.read(file)).content.toString('utf8');
    if (!isManifest(file.path)) continue;
    const text = (await context.read(file)).content.toString('utf8');
    try {
      const json = JSON.parse(text) as unknown;
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
      const name = (json as { name?: unknown }).name;
      manifests.push({ file: file.path, text, name: typeof name === 'string' ? name : undefined, json: json as Record<string, unknown> });
    } catch (error) {
      findings.push({
        rule: 'invalid-package-json',
        severity: 'error',
        file: file.path,
        line: 0,
        column: 0,
        message: `package.json is not valid JSON: ${(error as Error).message}`,
      });
    }
  }
  return { manifests, yaml };
}

function dependenciesOf(manifest: WorkspaceManifest, section: string): Record<string, string> {
  const value = manifest.json[section];
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The findings of every dependency rule over the workspace manifests. */
export function checkWorkspaceDependencies(manifests: readonly WorkspaceManifest[], yaml: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const root = manifests.find((manifest) => manifest.file === 'package.json');
  const layout = readWorkspaceLayout(root?.json, yaml);
  const members = manifests.filter((manifest) => inWorkspace(dirOf(manifest.file), layout.patterns));
  const workspaceNames = new Set(members.map((manifest) => manifest.name).filter((name): name is string => name !== undefined));
  const uses = new Map<string, { manifest: WorkspaceManifest; section: string; spec: string; range: string }[]>();

  for (const manifest of members) {
    const deps = dependenciesOf(manifest, 'dependencies');
    const devDeps = dependenciesOf(manifest, 'devDependencies');
    for (const name of Object.keys(deps)) {
      if (name in devDeps) {
        findings.push({
          rule: 'duplicate-dependency',
          severity: 'warning',
          file: manifest.file,
          ...locateKey(manifest.text, 'devDependencies', name),
          message: `"${name}" is in both dependencies (${deps[name]}) and devDependencies (${devDeps[name]}): keep one`,
          dependency: name,
        });
      }
    }
    for (const section of SECTIONS) {
      for (const [name, spec] of Object.entries(dependenciesOf(manifest, section))) {
        if (workspaceNames.has(name) && name !== manifest.name && !spec.startsWith('workspace:')) {
          findings.push({
            rule: 'workspace-protocol',
            severity: 'error',
            file: manifest.file,
            ...locateKey(manifest.text, section, name),
            message: `"${name}" is a workspace package but is required as "${spec}": use "workspace:*" (or workspace:^) so the local copy is linked`,
            dependency: name,
          });
          continue;
        }
        if (LOCAL_PROTOCOLS.test(spec)) continue;
        const range = spec.startsWith('catalog:') ? resolveCatalog(spec, name, layout.catalogs) : spec;
        if (range === undefined) continue;
        let list = uses.get(name);
        if (!list) uses.set(name, (list = []));
        list.push({ manifest, section, spec, range });
      }
    }
  }

  for (const [name, list] of uses) {
    const counts = new Map<string, number>();
    for (const use of list) counts.set(use.range, (counts.get(use.range) ?? 0) + 1);
    if (counts.size < 2) continue;
    // The default catalog's range is the reference; else the most used one (ties: first in sort order).
    const catalogRange = layout.catalogs.get('default')?.[name];
    const reference =
      catalogRange !== undefined && counts.has(catalogRange) ? catalogRange : [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const variants = [...counts.keys()].sort();
    for (const use of list) {
      if (use.range === reference) continue;
      findings.push({
        rule: 'dependency-version-mismatch',
        severity: 'warning',
        file: use.manifest.file,
        ...locateKey(use.manifest.text, use.section, name),
        message: `"${name}" is "${use.spec}"${use.spec !== use.range ? ` (= ${use.range})` : ''} here but "${reference}" ${reference === catalogRange ? 'in the catalog' : 'in most packages'} (ranges: ${variants.join(', ')}); align them, e.g. with a pnpm catalog`,
        dependency: name,
        ranges: variants,
      });
    }
  }
  return findings;
}

/** `dependency-version-mismatch`, `duplicate-dependency`, `workspace-protocol` over every workspace package.json. */
export const workspaceDepsCheck: Check = {
  id: 'workspace-deps',
  rules: [
    { id: 'dependency-version-mismatch', severity: 'warning', description: 'Same dependency with different ranges across workspace packages' },
    { id: 'duplicate-dependency', severity: 'warning', description: 'Dependency in both dependencies and devDependencies' },
    { id: 'workspace-protocol', severity: 'error', description: 'Workspace package required by version instead of workspace:' },
    { id: 'invalid-package-json', severity: 'error', description: 'package.json that is not valid JSON' },
  ],
  async run(context) {
    const inputs = context.files.filter((file) => file.status === 'ok' && (isManifest(file.path) || file.path === 'pnpm-workspace.yaml'));
    const key = context.cache.key('workspace-deps', ...inputs.map((file) => `${file.path}:${file.hash}`));
    const cached = await context.cache.getJson<Finding[]>(key);
    if (cached) return cached;
    const findings: Finding[] = [];
    const { manifests, yaml } = await readManifests(context, findings);
    findings.push(...checkWorkspaceDependencies(manifests, yaml));
    await context.cache.setJson(key, findings);
    return findings;
  },
};
