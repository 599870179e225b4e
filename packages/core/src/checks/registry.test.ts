import { describe, expect, it } from 'vitest';
import { allRuleIds, CHECKS, ruleAliases } from './registry.js';

describe('check registry', () => {
  // The registry names rules without loading the checks (`--only`, `rules` validation, the plugin);
  // each check's own metadata is what reports and SARIF use. They must be the same list.
  it('lists, for every check, exactly the rules and aliases the loaded check declares', async () => {
    for (const entry of CHECKS) {
      const check = await entry.load();
      expect(check.id).toBe(entry.id);
      expect(entry.rules).toEqual(check.rules.map((rule) => rule.id));
      const declared = Object.fromEntries(
        check.rules.flatMap((rule) => (rule.aliases ?? []).map((alias) => [alias, rule.id])),
      );
      expect(entry.aliases ?? {}).toEqual(declared);
    }
  });

  it('has no rule id twice, and resolves markdownlint aliases case-insensitively', () => {
    const ids = allRuleIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['line-length', 'broken-link', 'circular-import', 'large-file']));
    expect(ruleAliases().get('MD013')).toBe('line-length');
  });
});
