import {
  deliveringBuildId,
  foldName,
  fullRefName,
  globMatches,
  runName,
  sameDisplayName,
  sameRefName,
  shortRefName,
  stageName,
} from "../../../src/core/vocabulary";

describe("glob matching", () => {
  it.each([
    ["prod*", "Prod-EU", true],
    ["prod*", "preprod", false],
    ["*prod", "preprod", true],
    ["prod?", "prod1", true],
    ["prod?", "prod", false],
    ["refs/heads/release/*", "refs/heads/release/1.0", true],
    ["refs/heads/release/*", "refs/heads/main", false],
    ["a.b", "aXb", false],
    ["(x)+", "(x)+", true],
    ["*", "line\nbreak", true],
  ])("%s ~ %j → %s", (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });
});

describe("name comparison", () => {
  it("folds case, spaces and Unicode forms of display names", () => {
    expect(sameDisplayName(" Production ", "production")).toBe(true);
    expect(sameDisplayName("Caf\u00e9", "cafe\u0301")).toBe(true);
    expect(sameDisplayName("Deploy to Test", "DeployTest")).toBe(false);
    expect(foldName("  ABC ")).toBe("abc");
  });

  it("compares ref names with and without refs/heads/, folding case", () => {
    expect(sameRefName("main", "refs/heads/Main")).toBe(true);
    expect(sameRefName("refs/tags/v1", "refs/heads/v1")).toBe(false);
    expect(fullRefName("release/1.0")).toBe("refs/heads/release/1.0");
    expect(shortRefName("refs/heads/release/1.0")).toBe("release/1.0");
    expect(shortRefName("refs/tags/v1")).toBe("v1");
    expect(shortRefName("refs/pull/3/merge")).toBe("refs/pull/3/merge");
  });
});

describe("run and stage names", () => {
  it("names a run by its number, the id only when there is none", () => {
    expect(runName({ id: 1100, number: "20261202.1" })).toBe("20261202.1");
    expect(runName({ id: 1100, name: "20261202.1" })).toBe("20261202.1");
    expect(runName({ id: 1100 })).toBe("#1100");
    expect(runName({ id: 1100, number: " " })).toBe("#1100");
  });

  it("names a stage by its display name, the identifier only when there is none", () => {
    expect(stageName({ name: "Deploy to Test", identifier: "DeployTest" })).toBe("Deploy to Test");
    expect(stageName({ displayName: "Deploy to Test", name: "x" })).toBe("Deploy to Test");
    expect(stageName({ identifier: "DeployTest" })).toBe("DeployTest");
  });
});

describe("deliveringBuildId", () => {
  const build = (name: string | undefined) => ({
    name,
    artifact: { kind: "build", buildId: 42 },
  });

  it("follows build links that say the item shipped in the run", () => {
    expect(deliveringBuildId(build("Integrated in build"))).toBe(42);
    expect(deliveringBuildId(build("Build"))).toBe(42);
    expect(deliveringBuildId(build(undefined))).toBe(42);
  });

  it("never follows 'Found in build': where a problem was seen is not what delivered it", () => {
    expect(deliveringBuildId(build("Found in build"))).toBeUndefined();
    expect(deliveringBuildId(build(" found IN build "))).toBeUndefined();
  });

  it("ignores links that are not build links", () => {
    expect(deliveringBuildId({ name: "Integrated in build", artifact: { kind: "commit" } })).toBe(
      undefined,
    );
    expect(deliveringBuildId({ name: "Integrated in build" })).toBeUndefined();
  });
});
