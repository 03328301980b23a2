/**
 * What "production" means: one setting for every surface. Precedence: the `--production` flag,
 * then the project setting (extension data, written by the hub), then the default rule.
 */
import { globMatches } from "./glob";

/** The entry that stands for the default rule inside a pattern list (`default,live`). */
export const DEFAULT_ENTRY = "default";

export type ProductionPatternSource = "flag" | "setting" | "default";

export interface ProductionPattern {
  /** Globs (case-insensitive) and/or `default` for the default rule; a name matching any is production. */
  patterns: readonly string[];
  /** Where the patterns came from, so a view can say so. */
  source: ProductionPatternSource;
}

export const DEFAULT_PRODUCTION: ProductionPattern = {
  patterns: [DEFAULT_ENTRY],
  source: "default",
};

const WORD_SEPARATORS = /[-_.\s]+/;
const PRODUCTION_WORDS = new Set(["prod", "production"]);

/**
 * The default rule: the first or last word (split on `-`, `_`, `.` and spaces) is `prod` or
 * `production`, case-insensitively, unless the name begins with `pre` or `non` (`pre-prod`,
 * `non-prod` are not production; `preprod` and `products-api` never had the word).
 */
export function isDefaultProductionName(name: string): boolean {
  const folded = name.trim().toLowerCase();
  if (folded.startsWith("pre") || folded.startsWith("non")) return false;
  const words = folded.split(WORD_SEPARATORS).filter((word) => word !== "");
  if (words.length === 0) return false;
  return PRODUCTION_WORDS.has(words[0]) || PRODUCTION_WORDS.has(words[words.length - 1]);
}

/** Is this environment or stage name production under the pattern (the default when none)? */
export function isProductionName(
  name: string,
  pattern: ProductionPattern = DEFAULT_PRODUCTION,
): boolean {
  return pattern.patterns.some((entry) =>
    entry.trim().toLowerCase() === DEFAULT_ENTRY
      ? isDefaultProductionName(name)
      : globMatches(entry.trim(), name),
  );
}

export type ParsedProductionPatterns =
  { ok: true; patterns: string[] } | { ok: false; problem: string };

const MAX_ENTRIES = 50;
const MAX_ENTRY_LENGTH = 200;

/**
 * `"prod*, live"` → `["prod*", "live"]`: a comma- or newline-separated list of globs, where
 * `default` stands for the default rule. Empty entries, empty lists and very long ones are refused.
 */
export function parseProductionPatterns(text: string): ParsedProductionPatterns {
  const entries = text.split(/[,\n]/).map((entry) => entry.trim());
  if (entries.every((entry) => entry === "")) {
    return {
      ok: false,
      problem: "the production pattern is empty (give globs such as prod*,live)",
    };
  }
  if (entries.some((entry) => entry === "")) {
    return { ok: false, problem: "the production pattern has an empty entry between commas" };
  }
  if (entries.length > MAX_ENTRIES) {
    return { ok: false, problem: `the production pattern has more than ${MAX_ENTRIES} entries` };
  }
  const long = entries.find((entry) => entry.length > MAX_ENTRY_LENGTH);
  if (long !== undefined) {
    return {
      ok: false,
      problem: `a production pattern entry is longer than ${MAX_ENTRY_LENGTH} characters`,
    };
  }
  return { ok: true, patterns: entries };
}

/**
 * The pattern in force: the flag's when given, else the project setting's, else the default. The
 * callers parse first (`parseProductionPatterns`), so both lists here are valid.
 */
export function resolveProductionPattern(
  flag: readonly string[] | undefined,
  setting: readonly string[] | undefined,
): ProductionPattern {
  if (flag && flag.length > 0) return { patterns: [...flag], source: "flag" };
  if (setting && setting.length > 0) return { patterns: [...setting], source: "setting" };
  return DEFAULT_PRODUCTION;
}

const DEFAULT_RULE_TEXT =
  'first or last word "prod" or "production", not beginning with "pre" or "non"';

/**
 * The pattern as users read it: `prod*, live`, or the default rule in words. Every view that says
 * "production" shows this, so nobody has to guess what the code matched.
 */
export function productionPatternText(pattern: ProductionPattern = DEFAULT_PRODUCTION): string {
  return pattern.patterns
    .map((entry) =>
      entry.trim().toLowerCase() === DEFAULT_ENTRY ? `default (${DEFAULT_RULE_TEXT})` : entry,
    )
    .join(", ");
}

const SOURCE_TEXT: Record<ProductionPatternSource, string> = {
  flag: "from --production",
  setting: "project setting",
  default: "default",
};

/** `Production: prod*, live (project setting)`: the one line a view shows about production. */
export function productionPatternSentence(pattern: ProductionPattern = DEFAULT_PRODUCTION): string {
  if (pattern.source === "default" && pattern.patterns.length === 1) {
    return `Production: names whose ${DEFAULT_RULE_TEXT} (default).`;
  }
  return `Production: ${productionPatternText(pattern)} (${SOURCE_TEXT[pattern.source]}).`;
}
