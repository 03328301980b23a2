import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

const ROOT = join(__dirname, "..", "..");
const text = (path: string) => readFileSync(join(ROOT, path), "utf8");
const packageJson = JSON.parse(text("package.json")) as {
  version: string;
  license: string;
  repository: { url: string };
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
};
const manifest = JSON.parse(text("vss-extension.json")) as {
  repository: { type: string; uri: string };
  links: Record<string, { uri: string }>;
  content: { license?: { path: string } };
};

describe("release files", () => {
  it("the manifest's repository is package.json's, and its links point into it", () => {
    const repository = packageJson.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(manifest.repository).toEqual({ type: "git", uri: repository });
    expect(Object.keys(manifest.links).sort()).toEqual(
      ["getstarted", "issues", "license", "repository", "support"].sort(),
    );
    for (const { uri } of Object.values(manifest.links)) {
      expect(uri.startsWith(repository)).toBe(true);
    }
  });

  it("ships the MIT license package.json names, as the manifest's content.license", () => {
    expect(packageJson.license).toBe("MIT");
    expect(manifest.content.license).toEqual({ path: "LICENSE" });
    expect(text("LICENSE")).toMatch(/^MIT License\n/);
    expect(text("LICENSE")).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  });

  it("has a changelog with an Unreleased section and security reporting instructions", () => {
    expect(text("CHANGELOG.md")).toMatch(/^## Unreleased$/m);
    expect(text("SECURITY.md")).toMatch(/^## Reporting a vulnerability$/m);
  });
});

describe("dependency updates", () => {
  const config = load(text(".github/dependabot.yml")) as {
    updates: {
      "package-ecosystem": string;
      groups: Record<string, { patterns: string[] }>;
    }[];
  };
  const npm = config.updates.find((update) => update["package-ecosystem"] === "npm");

  /** Dependabot's group patterns: `*` matches any run of characters. */
  const matches = (pattern: string, name: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*")}$`).test(
      name,
    );

  it("updates npm packages in groups, and every dependency is in one", () => {
    expect(npm).toBeDefined();
    const patterns = Object.values(npm?.groups ?? {}).flatMap((group) => group.patterns);
    const names = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });
    const ungrouped = names.filter((name) => !patterns.some((pattern) => matches(pattern, name)));
    expect(ungrouped).toEqual([]);
  });
});
