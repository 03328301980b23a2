import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

const ROOT = join(__dirname, "..", "..");
const text = (path: string) => readFileSync(join(ROOT, path), "utf8");
const packageJson = JSON.parse(text("package.json")) as {
  version: string;
  license: string;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
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

  it("names no other repository than package.json's, in any file it ships or documents", () => {
    const repository = packageJson.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(packageJson.homepage.startsWith(`${repository}#`)).toBe(true);
    expect(packageJson.bugs.url).toBe(`${repository}/issues`);
    // The README says which repository is the project's; the others may only point into it.
    expect(text("README.md")).toContain(`the project's repository,\n${repository},`);
    // Files that speak for the project: any GitHub URL in them must be the project's.
    const projectFiles = ["SECURITY.md", "tasks/ReleaseTrace/task.json", "vss-extension.json"];
    // Documentation may cite other projects, but nothing under the project's GitHub owner
    // outside its repository.
    const owner = new URL(repository).pathname.split("/")[1];
    const documents = ["README.md", "CHANGELOG.md", "static/marketplace/overview.md"];
    const outside = (url: string) =>
      url !== repository && !url.startsWith(`${repository}/`) && !url.startsWith(`${repository}#`);
    const githubUrls = (file: string) =>
      [...text(file).matchAll(/https:\/\/github\.com\/[^\s)`"'<>,]*/g)].map(([url]) => url);
    const elsewhere = [
      ...projectFiles.flatMap((file) => githubUrls(file).map((url) => ({ file, url }))),
      ...documents.flatMap((file) =>
        githubUrls(file)
          .filter((url) => url.startsWith(`https://github.com/${owner}/`))
          .map((url) => ({ file, url })),
      ),
    ]
      .filter(({ url }) => outside(url))
      .map(({ file, url }) => `${file}: ${url}`);
    expect(elsewhere).toEqual([]);
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
