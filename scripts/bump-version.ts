/**
 * Sets the release version everywhere it is written, from one command:
 *   npm run version:bump -- 0.2.0
 * package.json and package-lock.json, vss-extension.json, every tasks/<name>/task.json, and a
 * CHANGELOG.md heading for the version under "Unreleased". A pipeline task keeps its Major (the
 * N of "ReleaseTrace@N": changing it is a breaking change, made by hand) and takes Minor and Patch
 * from the release version, so every release gives agents a newer task version.
 * Edits are textual, so each file keeps its formatting.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** The paths (relative to `root`) of the pipeline tasks' manifests. */
export function taskManifests(root = ROOT): string[] {
  const tasks = join(root, "tasks");
  if (!existsSync(tasks)) return [];
  return readdirSync(tasks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(tasks, entry.name, "task.json")))
    .map((entry) => join("tasks", entry.name, "task.json"));
}

/** Replaces the first top-level `"version": "…"` of a JSON text (package.json, the manifest). */
export function withTopVersion(text: string, version: string): string {
  const pattern = /^( {2}"version": )"[^"]*"/m;
  if (!pattern.test(text)) throw new Error('no top-level "version" to set');
  return text.replace(pattern, `$1"${version}"`);
}

/** package-lock.json: the root's version and the root package entry's. */
export function withLockVersion(text: string, version: string): string {
  const lock = JSON.parse(text) as {
    version: string;
    packages: Record<string, { version?: string }>;
  };
  lock.version = version;
  lock.packages[""].version = version;
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** task.json: Minor and Patch from `version`; Major stays the task's own. */
export function withTaskVersion(text: string, version: string): string {
  const [, , minor, patch] = SEMVER.exec(version) ?? [];
  const block = /("version"\s*:\s*\{)([^}]*)(\})/;
  const match = block.exec(text);
  if (!match) throw new Error("task.json has no version object");
  let inner = match[2];
  for (const [part, value] of [
    ["Minor", minor],
    ["Patch", patch],
  ] as const) {
    const pattern = new RegExp(`("${part}"\\s*:\\s*)"?\\d+"?`);
    if (!pattern.test(inner)) throw new Error(`task.json has no version.${part}`);
    inner = inner.replace(pattern, `$1${Number(value)}`);
  }
  return text.replace(block, `$1${inner}$3`);
}

/** A "## <version> (YYYY-MM-DD)" heading right under "## Unreleased", once. */
export function withChangelogVersion(text: string, version: string, day: string): string {
  if (new RegExp(`^## ${version.replace(/\./g, "\\.")}\\b`, "m").test(text)) return text;
  if (!/^## Unreleased$/m.test(text)) throw new Error('CHANGELOG.md has no "## Unreleased"');
  return text.replace(/^## Unreleased$/m, `## Unreleased\n\n## ${version} (${day})`);
}

/** A file, and how its text changes. */
type Edit = [path: string, edit: (text: string) => string];

export function bumpVersion(version: string, root = ROOT, day = new Date()): string[] {
  if (!SEMVER.test(version)) throw new Error(`"${version}" is not major.minor.patch`);
  const edits: Edit[] = [
    ["package.json", (text) => withTopVersion(text, version)],
    ["package-lock.json", (text) => withLockVersion(text, version)],
    ["vss-extension.json", (text) => withTopVersion(text, version)],
    ...taskManifests(root).map((path): Edit => [path, (text) => withTaskVersion(text, version)]),
    ["CHANGELOG.md", (text) => withChangelogVersion(text, version, day.toISOString().slice(0, 10))],
  ];
  // Every edit is computed before anything is written: a file that cannot take it changes nothing.
  const written = edits.map(([path, edit]) => {
    const text = edit(readFileSync(join(root, path), "utf8"));
    return [path, text] as const;
  });
  for (const [path, text] of written) writeFileSync(join(root, path), text);
  return written.map(([path]) => path);
}

if (require.main === module) {
  try {
    const paths = bumpVersion(process.argv[2] ?? "");
    process.stdout.write(`version ${process.argv[2]} set in ${paths.join(", ")}\n`);
  } catch (error) {
    process.stderr.write(`version:bump: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
