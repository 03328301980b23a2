import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bumpVersion, taskManifests } from "../../scripts/bump-version";

const ROOT = join(__dirname, "..", "..");
const FILES = ["package.json", "package-lock.json", "vss-extension.json", "CHANGELOG.md"];

type Json = Record<string, unknown>;
const readJson = (root: string, path: string) =>
  JSON.parse(readFileSync(join(root, path), "utf8")) as Json;

interface Versions {
  packageJson: unknown;
  lock: unknown;
  lockRoot: unknown;
  manifest: unknown;
  tasks: string[];
}

function versionsIn(root: string): Versions {
  const lock = readJson(root, "package-lock.json") as Json & { packages: Record<string, Json> };
  return {
    packageJson: readJson(root, "package.json").version,
    lock: lock.version,
    lockRoot: lock.packages[""].version,
    manifest: readJson(root, "vss-extension.json").version,
    tasks: taskManifests(root).map((path) => {
      const { Minor, Patch } = readJson(root, path).version as Json;
      return `${Minor}.${Patch}`;
    }),
  };
}

/** A copy of the versioned files, with one pipeline task at Major 1. */
function copyOfRoot(): string {
  const copy = mkdtempSync(join(tmpdir(), "release-trace-version-"));
  for (const file of FILES) cpSync(join(ROOT, file), join(copy, file));
  mkdirSync(join(copy, "tasks", "ReleaseTrace"), { recursive: true });
  const task = {
    id: "task",
    name: "ReleaseTrace",
    version: { Major: 1, Minor: 0, Patch: 0 },
    minimumAgentVersion: "3.232.1",
  };
  writeFileSync(join(copy, "tasks", "ReleaseTrace", "task.json"), JSON.stringify(task, null, 2));
  return copy;
}

describe("one version", () => {
  it("package.json, the lock file, the manifest and every task agree", () => {
    const versions = versionsIn(ROOT);
    const [, minor, patch] = String(versions.packageJson).split(".");
    expect(versions).toEqual({
      packageJson: versions.packageJson,
      lock: versions.packageJson,
      lockRoot: versions.packageJson,
      manifest: versions.packageJson,
      tasks: versions.tasks.map(() => `${minor}.${patch}`),
    });
  });

  it("version:bump sets it everywhere and changes nothing else", () => {
    const copy = copyOfRoot();
    const before = FILES.filter((file) => file.endsWith(".json")).map((file) =>
      readJson(copy, file),
    );
    const written = bumpVersion("2.3.4", copy, new Date("2027-01-02T10:00:00Z"));
    expect(written).toContain(join("tasks", "ReleaseTrace", "task.json"));
    expect(versionsIn(copy)).toEqual({
      packageJson: "2.3.4",
      lock: "2.3.4",
      lockRoot: "2.3.4",
      manifest: "2.3.4",
      tasks: ["3.4"],
    });
    expect(readJson(copy, "tasks/ReleaseTrace/task.json").version).toEqual({
      Major: 1,
      Minor: 3,
      Patch: 4,
    });
    const withoutVersions = (json: Json) => JSON.stringify({ ...json, version: 0, packages: 0 });
    FILES.filter((file) => file.endsWith(".json")).forEach((file, index) =>
      expect(withoutVersions(readJson(copy, file))).toBe(withoutVersions(before[index])),
    );
    const changelog = readFileSync(join(copy, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^## Unreleased\n\n## 2\.3\.4 \(2027-01-02\)$/m);
  });

  it("refuses a version that is not major.minor.patch, and writes nothing", () => {
    const copy = copyOfRoot();
    expect(() => bumpVersion("2.3", copy)).toThrow(/not major\.minor\.patch/);
    expect(() => bumpVersion("v2.3.4", copy)).toThrow(/not major\.minor\.patch/);
    writeFileSync(join(copy, "CHANGELOG.md"), "# Changelog\n");
    expect(() => bumpVersion("2.3.4", copy)).toThrow(/Unreleased/);
    expect(versionsIn(copy).packageJson).toBe(versionsIn(ROOT).packageJson);
  });
});
