/**
 * The enums of azure-devops-extension-api (the package the extension's clients come from), read
 * from its compiled contract modules: the numbers the `enumsAsNumbers` format must send.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** Enum name → (lower-cased member name → number); one table per module that declares it. */
export type ApiEnums = Map<string, Map<string, number>[]>;

/**
 * The package folders whose enums each spec's answers use (the same name can mean another enum
 * elsewhere: Release's ApprovalStatus is not the pipelines one). A spec not listed has no enums
 * in the package.
 */
export const SPEC_ENUM_FOLDERS: Readonly<Record<string, readonly string[]>> = {
  core: ["Core", "WebApi"],
  git: ["Git", "Core", "WebApi", "Policy"],
  policy: ["Policy", "Core", "WebApi"],
  build: ["Build", "Core", "WebApi", "DistributedTaskCommon"],
  pipelines: ["Pipelines", "Build"],
  taskAgent: ["TaskAgent", "DistributedTaskCommon", "WebApi"],
  release: ["Release", "DistributedTaskCommon", "WebApi"],
  wit: ["WorkItemTracking", "WebApi"],
};

const cached = new Map<string, ApiEnums>();

// A compiled TypeScript enum member: `Name[Name["Member"] = 4] = "Member";`.
const MEMBER = /\b(\w+)\[\1\["(\w+)"\] = (-?\d+)\] = "\2"/g;

/**
 * Read from the modules' text, not by loading them: some contract modules import the SDK or
 * the fetch polyfill, which need a browser.
 */
function enumsInModule(text: string): Map<string, Map<string, number>> {
  const found = new Map<string, Map<string, number>>();
  for (const [, name, member, value] of text.matchAll(MEMBER)) {
    const table = found.get(name) ?? new Map<string, number>();
    table.set(member.toLowerCase(), Number(value));
    found.set(name, table);
  }
  return found;
}

/** The package's enums, from the given folders (default: all of them). */
export function apiEnums(folders?: readonly string[]): ApiEnums {
  const key = folders?.join(",") ?? "*";
  const known = cached.get(key);
  if (known) return known;
  const root = dirname(require.resolve("azure-devops-extension-api"));
  const enums: ApiEnums = new Map();
  for (const folder of readdirSync(root, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === "esm") continue;
    if (folders && !folders.includes(folder.name)) continue;
    for (const file of readdirSync(join(root, folder.name))) {
      if (!file.endsWith(".js") || file.endsWith(".min.js")) continue;
      const text = readFileSync(join(root, folder.name, file), "utf8");
      for (const [name, table] of enumsInModule(text)) {
        enums.set(name, [...(enums.get(name) ?? []), table]);
      }
    }
  }
  cached.set(key, enums);
  return enums;
}

const isBit = (value: number): boolean => value > 0 && (value & (value - 1)) === 0;

/**
 * A flags enum: its members are bits, and any other member is a combination above the highest
 * bit (`all`); a plain enum has small non-bit members (3 below 4, as in PullRequestStatus).
 */
function isFlags(members: number[]): boolean {
  const bits = members.filter(isBit);
  const highest = Math.max(0, ...bits);
  return (
    bits.length >= 3 && members.every((value) => value === 0 || isBit(value) || value > highest)
  );
}

/**
 * Whether `value` is a number the package's enum `name` can send: a member, or (for a flags
 * enum) a combination of its bits.
 */
export function isEnumNumber(enums: ApiEnums, name: string, value: number): boolean {
  const tables = enums.get(name);
  if (!tables) return false;
  return tables.some((table) => {
    const members = [...table.values()];
    if (members.includes(value)) return true;
    if (!isFlags(members)) return false;
    const all = members.filter(isBit).reduce((sum, bit) => sum | bit, 0);
    return value > 0 && (value & ~all) === 0;
  });
}
