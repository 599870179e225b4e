import { WarmbuildError } from '../errors.js';
import type { RuleSetting, WarmbuildOptions } from '../types.js';
import { CHECKS, ruleAliases } from './registry.js';

/** Which checks to load for a rule selection; unknown names are a usage error that lists the known ones. */
export function selectChecks(only: readonly string[] | undefined, aliases: ReadonlyMap<string, string> = new Map()) {
  if (!only || only.length === 0) return { entries: [...CHECKS], rules: undefined };
  const known = new Set(CHECKS.flatMap((entry) => entry.rules));
  const rules = new Set<string>();
  for (const name of only) {
    const id = aliases.get(name.toUpperCase()) ?? name;
    if (!known.has(id)) {
      throw new WarmbuildError('USAGE', `unknown rule "${name}" in --only`, {
        hint: `use one of: ${[...known].sort().join(', ')}`,
      });
    }
    rules.add(id);
  }
  return { entries: CHECKS.filter((entry) => entry.rules.some((rule) => rules.has(rule))), rules };
}

/**
 * Import the modules of the checks a rule selection runs, ahead of a run (the plugins do it while
 * the bundler starts). Never rejects: an unknown rule or a module that fails to load fails again,
 * with its error, in the run itself.
 */
export async function preloadChecks(only: readonly string[] | undefined): Promise<void> {
  let entries: readonly { load(): Promise<unknown> }[];
  try {
    entries = selectChecks(only, ruleAliases()).entries;
  } catch {
    return;
  }
  await Promise.all(entries.map((entry) => entry.load().catch(() => undefined)));
}

const RULE_SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/** `rules` option, validated; aliases (`MD013`) are matched case-insensitively. */
export function ruleSettings(rules: WarmbuildOptions['rules']): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  for (const [rule, setting] of Object.entries(rules ?? {})) {
    if (!RULE_SETTINGS.has(setting)) {
      throw new WarmbuildError(
        'OPTION_INVALID',
        `rules["${rule}"] must be one of off, info, warning, error; got ${JSON.stringify(setting)}`,
      );
    }
    out.set(/^md\d+$/i.test(rule) ? rule.toUpperCase() : rule, setting);
  }
  return out;
}
