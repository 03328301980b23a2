/**
 * The CLI's production pattern: `--production PATTERNS` when given, else the project's setting
 * (read from extension data, as the hub stored it), else the default. Read at most once per
 * project and only by the commands that say "production".
 */
import {
  loadProductionPattern,
  parseProductionPatterns,
  type ProductionPattern,
  type SettingReader,
} from "../core/vocabulary";
import { UsageError } from "./errors";

/** `--production "prod*,live"` → its entries; undefined when the flag is not given. */
export function parseProductionFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseProductionPatterns(value);
  if (!parsed.ok) throw new UsageError(`--production: ${parsed.problem}.`);
  return parsed.patterns;
}

/** The pattern in force for a project id. */
export type ProductionResolver = (projectId: string) => Promise<ProductionPattern>;

/**
 * A resolver that reads each project's setting once, and says on stderr (once per project) when
 * the setting could not be read or used and the default applies instead.
 */
export function productionResolver(
  flag: readonly string[] | undefined,
  read: SettingReader,
  warn: (line: string) => void,
): ProductionResolver {
  const loaded = new Map<string, Promise<ProductionPattern>>();
  return (projectId) => {
    let entry = loaded.get(projectId);
    if (!entry) {
      entry = loadProductionPattern(flag, projectId, read).then((result) => {
        if (result.problem) warn(result.problem);
        return result.pattern;
      });
      loaded.set(projectId, entry);
    }
    return entry;
  };
}
