import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  compareVersions,
  DEV_MANIFEST,
  devManifest,
  tfxArguments,
} from "../../scripts/package-extension";

const ROOT = join(__dirname, "..", "..");
const read = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;

describe("dev and prod manifest overrides", () => {
  const base = read("vss-extension.json");
  const dev = read("manifests/dev.json");
  const prod = read("manifests/prod.json");

  it("give dev its own publisher and id, and leave prod's as the manifest has them", () => {
    expect(dev.publisher).not.toBe(base.publisher);
    expect(dev.id).not.toBe(base.id);
    expect(prod.publisher ?? base.publisher).toBe(base.publisher);
    expect(prod.id ?? base.id).toBe(base.id);
  });

  it("override no version, contribution, scope or file (those come from vss-extension.json)", () => {
    for (const overrides of [dev, prod]) {
      for (const key of ["version", "contributions", "scopes", "files", "targets"]) {
        expect(overrides).not.toHaveProperty(key);
      }
    }
  });
});

describe("package-extension", () => {
  it("compares versions part by part", () => {
    expect(compareVersions("0.1.10", "0.1.9")).toBeGreaterThan(0);
    expect(compareVersions("0.2.0", "0.1.99")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
    expect(compareVersions("0.9.0", "1.0.0")).toBeLessThan(0);
  });

  it("continues the dev line from its last version, or from a newer release version", () => {
    const base = { version: "0.2.0", name: "today" };
    expect(devManifest(base, { version: "0.2.7", name: "old" })).toEqual({
      version: "0.2.7",
      name: "today",
    });
    expect(devManifest(base, { version: "0.1.9" })).toEqual(base);
    expect(devManifest(base, undefined)).toEqual(base);
  });

  it("revs the dev copy's version only, with the dev overrides", () => {
    const devArgs = tfxArguments("dev");
    expect(devArgs).toEqual(expect.arrayContaining(["--rev-version", DEV_MANIFEST]));
    expect(devArgs.join(" ")).toContain("--overrides-file manifests/dev.json");
    expect(devArgs).not.toContain("vss-extension.json");
    const prodArgs = tfxArguments("prod");
    expect(prodArgs).not.toContain("--rev-version");
    expect(prodArgs.join(" ")).toContain(
      "--manifest-globs vss-extension.json --overrides-file manifests/prod.json",
    );
  });
});
