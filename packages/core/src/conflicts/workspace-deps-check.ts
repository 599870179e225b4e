import fs from 'node:fs';
import path from 'node:path';
import type { Check, CheckContext } from '../checks/types.js';
import type { Finding } from '../types.js';
import { semverModule } from '../internal/lazy-parsers.js';
import {
  inWorkspace,
  locateKey,
  readWorkspaceLayout,
  resolveCatalog,
  type WorkspaceManifest,
} from './workspace-packages.js';
import { detectPackageManager, DISPLAY_NAME, PACKAGE_MANAGER_FILES, type PackageManager } from './package-manager.js';

/** Sections compared across packages; peer ranges are meant to be wide, so they are left alone. */
const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const LOCAL_PROTOCOLS = /^(?:workspace|link|file|portal|patch|git\+?[a-z]*|github|npm):/;

function isManifest(rel: string): boolean {
  return rel === 'package.json' || rel.endsWith('/package.json');
}

function dirOf(rel: string): string {
  return rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
}

/** The first 64 KB of a root file: enough for a lockfile's header and any settings file. */
function readHead(root: string, name: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(root, name), 'r');
    const buffer = Buffer.alloc(64 * 1024);
    return buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function readManifests(
  context: CheckContext,
  findings: Finding[],
): Promise<{ manifests: WorkspaceManifest[]; yaml: string | undefined }> {
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
      manifests.push({
        file: file.path,
        text,
        name: typeof name === 'string' ? name : undefined,
        json: json as Record<string, unknown>,
      });
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
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** The findings of every dependency rule over the workspace manifests, for the package manager that installs them. */
export function checkWorkspaceDependencies(
  manifests: readonly WorkspaceManifest[],
  yaml: string | undefined,
  packageManager?: PackageManager,
): Finding[] {
  const findings: Finding[] = [];
  const root = manifests.find((manifest) => manifest.file === 'package.json');
  const pm =
    packageManager ??
    detectPackageManager({
      rootManifest: root?.json,
      has: () => false,
      head: () => undefined,
      pnpmWorkspaceYaml: yaml,
    });
  // pnpm reads its members from pnpm-workspace.yaml alone; npm, yarn and bun from package.json.
  const layout =
    pm.name === undefined
      ? readWorkspaceLayout(root?.json, yaml)
      : pm.name === 'pnpm'
        ? readWorkspaceLayout(undefined, yaml)
        : readWorkspaceLayout(root?.json, undefined);
  const members = manifests.filter((manifest) => inWorkspace(dirOf(manifest.file), layout.patterns));
  const workspaceVersions = new Map<string, string | undefined>();
  for (const manifest of members) {
    if (manifest.name === undefined) continue;
    const version = manifest.json.version;
    workspaceVersions.set(manifest.name, typeof version === 'string' ? version : undefined);
  }
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
        if (workspaceVersions.has(name) && name !== manifest.name) {
          const message = workspaceLinkProblem(name, spec, workspaceVersions.get(name), pm);
          if (message) {
            findings.push({
              rule: 'workspace-protocol',
              severity: 'error',
              file: manifest.file,
              ...locateKey(manifest.text, section, name),
              message,
              dependency: name,
            });
          }
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
      catalogRange !== undefined && counts.has(catalogRange)
        ? catalogRange
        : [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const variants = [...counts.keys()].sort();
    for (const use of list) {
      if (use.range === reference) continue;
      findings.push({
        rule: 'dependency-version-mismatch',
        severity: 'warning',
        file: use.manifest.file,
        ...locateKey(use.manifest.text, use.section, name),
        message: `"${name}" is "${use.spec}"${use.spec !== use.range ? ` (= ${use.range})` : ''} here but "${reference}" ${reference === catalogRange ? 'in the catalog' : 'in most packages'} (ranges: ${variants.join(', ')}); align them${pm.name === 'pnpm' ? ', e.g. with a pnpm catalog' : ''}`,
        dependency: name,
        ranges: variants,
      });
    }
  }
  return findings;
}

/**
 * Why a dependency on a workspace package will not get the local copy under this package
 * manager, or undefined when it will. See package-manager.ts for what each one does.
 */
function workspaceLinkProblem(
  name: string,
  spec: string,
  localVersion: string | undefined,
  pm: PackageManager,
): string | undefined {
  const tool = pm.name ? `${DISPLAY_NAME[pm.name]} (${pm.source})` : undefined;
  if (spec.startsWith('workspace:')) {
    if (pm.workspaceProtocol !== false) return undefined;
    const range = localVersion && semverModule().valid(localVersion) ? `^${localVersion}` : '*';
    return `"${name}" is required as "${spec}", but ${tool} does not support the workspace: protocol (install fails): require it as "${range}", which ${DISPLAY_NAME[pm.name!]} links to the local copy`;
  }
  if (LOCAL_PROTOCOLS.test(spec)) return undefined;
  const semver = semverModule();
  // Tags, URLs and other forms are not ranges: what they install is not for this rule to say.
  if (semver.validRange(spec) === null) return undefined;
  const satisfied =
    localVersion !== undefined && semver.valid(localVersion) !== null
      ? semver.satisfies(localVersion, spec)
      : spec === '*' || spec === '';
  if (satisfied && pm.linksSatisfiedRanges !== false) {
    // Linked by npm, yarn and bun; pnpm too when it links workspace packages. Unknown: say nothing.
    return undefined;
  }
  if (!satisfied) {
    return (
      `"${name}" is required as "${spec}", which the workspace's version ${localVersion ?? '(none)'} does not satisfy: ` +
      `${tool ?? 'the package manager'} installs it from the registry instead of linking the local copy; ` +
      (pm.workspaceProtocol === false
        ? `require it as "^${localVersion ?? '0.0.0'}"`
        : 'use "workspace:*" (or workspace:^)')
    );
  }
  return `"${name}" is a workspace package but is required as "${spec}": ${tool} does not link workspace packages by version (link-workspace-packages is off, the default from pnpm 9) and installs it from the registry; use "workspace:*" (or workspace:^)`;
}

/** `dependency-version-mismatch`, `duplicate-dependency`, `workspace-protocol` over every workspace package.json. */
export const workspaceDepsCheck: Check = {
  id: 'workspace-deps',
  rules: [
    {
      id: 'dependency-version-mismatch',
      severity: 'warning',
      description: 'Same dependency with different ranges across workspace packages',
    },
    {
      id: 'duplicate-dependency',
      severity: 'warning',
      description: 'Dependency in both dependencies and devDependencies',
    },
    {
      id: 'workspace-protocol',
      severity: 'error',
      description: 'Workspace package required by version instead of workspace:',
    },
    { id: 'invalid-package-json', severity: 'error', description: 'package.json that is not valid JSON' },
  ],
  async run(context) {
    const pmFiles = new Set<string>(PACKAGE_MANAGER_FILES);
    // Lockfiles and settings decide which package manager's rules apply: part of the key.
    const inputs = context.files.filter(
      (file) =>
        (file.status === 'ok' && (isManifest(file.path) || file.path === 'pnpm-workspace.yaml')) ||
        pmFiles.has(file.path),
    );
    const key = context.cache.key('workspace-deps', ...inputs.map((file) => `${file.path}:${file.hash ?? file.size}`));
    const cached = await context.cache.getJson<Finding[]>(key);
    if (cached) return cached;
    const findings: Finding[] = [];
    const { manifests, yaml } = await readManifests(context, findings);
    const present = new Set(inputs.map((file) => file.path));
    const packageManager = detectPackageManager({
      rootManifest: manifests.find((manifest) => manifest.file === 'package.json')?.json,
      has: (name) => present.has(name),
      head: (name) => (present.has(name) ? readHead(context.root, name) : undefined),
      pnpmWorkspaceYaml: yaml,
    });
    findings.push(...checkWorkspaceDependencies(manifests, yaml, packageManager));
    await context.cache.setJson(key, findings);
    return findings;
  },
};
