/**
 * The project's production pattern setting, stored in extension data (the hub writes it, the CLI
 * reads it). One key per project id, so renaming a project keeps its setting.
 */
import { attempt, plainSentence, type NotAvailable } from "../sources/notAvailable";
import {
  DEFAULT_PRODUCTION,
  parseProductionPatterns,
  resolveProductionPattern,
  type ProductionPattern,
} from "./production";

/** The extension-data key (collection `$settings`, shared scope) of a project's setting. */
export function productionSettingKey(projectId: string): string {
  return `production-pattern-${projectId}`;
}

/** What the hub stores. */
export interface StoredProductionSetting {
  patterns: string[];
}

/** Reads one stored value by key; undefined when nothing is stored. Throws SourceErrors. */
export type SettingReader = (key: string) => Promise<unknown>;

export type ParsedProductionSetting =
  { ok: true; patterns?: string[] } | { ok: false; problem: string };

/** A stored value → its patterns (none stored: no patterns); a damaged value is a problem. */
export function parseProductionSetting(value: unknown): ParsedProductionSetting {
  if (value === undefined || value === null) return { ok: true };
  const patterns = (value as { patterns?: unknown }).patterns;
  if (!Array.isArray(patterns) || !patterns.every((entry) => typeof entry === "string")) {
    return { ok: false, problem: "the stored production pattern is not a list of patterns" };
  }
  if (patterns.length === 0) return { ok: true };
  const parsed = parseProductionPatterns(patterns.join(","));
  return parsed.ok ? { ok: true, patterns: parsed.patterns } : parsed;
}

export interface LoadedProductionPattern {
  pattern: ProductionPattern;
  /** Why the project setting could not be used (the default then applies), in one sentence. */
  problem?: string;
  /** The read that failed, for details. */
  notAvailable?: NotAvailable;
}

/**
 * The pattern in force for a project: the flag's patterns when given (the setting is then not
 * read), else the project setting, else the default. A setting that cannot be read or is damaged
 * gives the default and says so; a bug in the reader is thrown.
 */
export async function loadProductionPattern(
  flag: readonly string[] | undefined,
  projectId: string,
  read: SettingReader,
): Promise<LoadedProductionPattern> {
  if (flag && flag.length > 0) return { pattern: resolveProductionPattern(flag, undefined) };
  const notes: NotAvailable[] = [];
  const stored = await attempt(
    notes,
    "production pattern setting",
    () => read(productionSettingKey(projectId)),
    undefined,
  );
  if (notes.length > 0) {
    return {
      pattern: DEFAULT_PRODUCTION,
      problem: `${plainSentence(notes[0])} Using the default production pattern.`,
      notAvailable: notes[0],
    };
  }
  const parsed = parseProductionSetting(stored);
  if (!parsed.ok) {
    return {
      pattern: DEFAULT_PRODUCTION,
      problem: `The project's production pattern setting cannot be used (${parsed.problem}). Using the default production pattern.`,
    };
  }
  return { pattern: resolveProductionPattern(undefined, parsed.patterns) };
}
