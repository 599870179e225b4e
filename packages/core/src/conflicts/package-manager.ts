import { parseYaml } from '../internal/lazy-parsers.js';

/**
 * Which package manager installs a workspace, and how it links one workspace package into
 * another: the workspace rules follow what that tool really does, not one tool's conventions.
 *
 * - pnpm: `workspace:` supported. A plain version range is linked only when
 *   `link-workspace-packages` is on (its default up to pnpm 8; off from pnpm 9), and then only
 *   when the local version satisfies it; otherwise pnpm installs the package from the registry.
 *   Members come from pnpm-workspace.yaml alone.
 * - yarn 2+ (berry) and bun: `workspace:` supported; a range the local version satisfies is linked
 *   too (yarn's `enableTransparentWorkspaces`, on by default).
 * - npm and yarn 1: no `workspace:` at all (npm: EUNSUPPORTEDPROTOCOL; yarn 1 looks for a version
 *   named "workspace:*"): a range the local version satisfies is how a workspace package is linked.
 *   Members come from package.json `workspaces`.
 * Verified with npm 11 and pnpm 10 on an offline workspace (test/conflicts/package-managers.test.ts).
 */
export type PackageManagerName = 'pnpm' | 'yarn-berry' | 'yarn-classic' | 'npm' | 'bun';

export interface PackageManager {
  /** Undefined when nothing in the repository says. */
  name: PackageManagerName | undefined;
  /** Where the answer came from, for messages: `packageManager field`, `yarn.lock`... */
  source: string | undefined;
  /** Does it understand `workspace:` specifiers? Undefined when unknown. */
  workspaceProtocol: boolean | undefined;
  /** Is a plain range the local version satisfies linked to the workspace copy? Undefined when unknown. */
  linksSatisfiedRanges: boolean | undefined;
}

/** What detection reads: root-level files by name (undefined when absent). */
export interface PackageManagerInputs {
  /** The root package.json, parsed. */
  rootManifest: Record<string, unknown> | undefined;
  has(name: string): boolean;
  /** The first bytes of a root file, as text. */
  head(name: string): string | undefined;
  /** pnpm-workspace.yaml, whole. */
  pnpmWorkspaceYaml: string | undefined;
}

export const PACKAGE_MANAGER_FILES = [
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
  'package-lock.json',
  'npm-shrinkwrap.json',
  '.npmrc',
  '.yarnrc.yml',
] as const;

export const DISPLAY_NAME: Record<PackageManagerName, string> = {
  pnpm: 'pnpm',
  'yarn-berry': 'yarn 2+',
  'yarn-classic': 'yarn 1',
  npm: 'npm',
  bun: 'bun',
};

export function detectPackageManager(inputs: PackageManagerInputs): PackageManager {
  const field = inputs.rootManifest?.packageManager;
  // Corepack enforces the field, so it wins over whatever lockfile lies around.
  if (typeof field === 'string') {
    const match = /^(pnpm|yarn|npm|bun)@(\d+)/.exec(field.trim());
    if (match) {
      const major = Number(match[2]);
      const name: PackageManagerName =
        match[1] === 'yarn' ? (major >= 2 ? 'yarn-berry' : 'yarn-classic') : (match[1] as PackageManagerName);
      return describe(name, 'packageManager field', inputs, major);
    }
  }
  if (inputs.has('pnpm-lock.yaml'))
    return describe('pnpm', 'pnpm-lock.yaml', inputs, pnpmMajorFromLockfile(inputs.head('pnpm-lock.yaml')));
  if (inputs.has('yarn.lock')) {
    // A berry lockfile is YAML with a `__metadata:` block; yarn 1's starts with "# yarn lockfile v1".
    const head = inputs.head('yarn.lock') ?? '';
    return describe(/^__metadata:/m.test(head) ? 'yarn-berry' : 'yarn-classic', 'yarn.lock', inputs);
  }
  if (inputs.has('bun.lock') || inputs.has('bun.lockb'))
    return describe('bun', inputs.has('bun.lock') ? 'bun.lock' : 'bun.lockb', inputs);
  if (inputs.has('package-lock.json') || inputs.has('npm-shrinkwrap.json'))
    return describe('npm', inputs.has('package-lock.json') ? 'package-lock.json' : 'npm-shrinkwrap.json', inputs);
  if (inputs.pnpmWorkspaceYaml !== undefined) return describe('pnpm', 'pnpm-workspace.yaml', inputs);
  return { name: undefined, source: undefined, workspaceProtocol: undefined, linksSatisfiedRanges: undefined };
}

function describe(
  name: PackageManagerName,
  source: string,
  inputs: PackageManagerInputs,
  major?: number,
): PackageManager {
  switch (name) {
    case 'pnpm':
      return { name, source, workspaceProtocol: true, linksSatisfiedRanges: pnpmLinksWorkspacePackages(inputs, major) };
    case 'yarn-berry':
      return {
        name,
        source,
        workspaceProtocol: true,
        linksSatisfiedRanges: !/^enableTransparentWorkspaces:\s*false\b/m.test(inputs.head('.yarnrc.yml') ?? ''),
      };
    case 'bun':
      return { name, source, workspaceProtocol: true, linksSatisfiedRanges: true };
    default:
      return { name, source, workspaceProtocol: false, linksSatisfiedRanges: true };
  }
}

/** pnpm 9 writes lockfileVersion '9.0'; pnpm 8 '6.0'; pnpm 7 '5.4'. */
function pnpmMajorFromLockfile(head: string | undefined): number | undefined {
  const version = /^lockfileVersion:\s*'?(\d+)(?:\.\d+)?'?/m.exec(head ?? '')?.[1];
  if (version === undefined) return undefined;
  return Number(version) >= 9 ? 9 : 8;
}

/** `link-workspace-packages` from .npmrc or `linkWorkspacePackages` from pnpm-workspace.yaml, else the default of that major. */
function pnpmLinksWorkspacePackages(inputs: PackageManagerInputs, major: number | undefined): boolean {
  let setting: string | undefined;
  try {
    const yaml =
      inputs.pnpmWorkspaceYaml === undefined
        ? undefined
        : (parseYaml(inputs.pnpmWorkspaceYaml) as { linkWorkspacePackages?: unknown } | null);
    if (yaml && yaml.linkWorkspacePackages !== undefined) setting = String(yaml.linkWorkspacePackages);
  } catch {
    // an unparsable pnpm-workspace.yaml: the .npmrc or the default decides
  }
  setting ??= /^\s*link-workspace-packages\s*=\s*(\S+)/m.exec(inputs.head('.npmrc') ?? '')?.[1];
  if (setting !== undefined) return setting === 'true' || setting === 'deep';
  // Off by default from pnpm 9; a repository that does not say which pnpm gets today's default.
  return major !== undefined && major < 9;
}
