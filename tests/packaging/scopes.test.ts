/**
 * The manifest's scopes are exactly the ones the adapters' REST calls need, and the README's scope
 * table names each of them with the APIs that need it. (manifest.test.ts fails on write scopes.)
 *
 * What the adapters call is read from their source: the generated clients they construct and the
 * `_apis/...` route templates of their raw requests. Which scope each REST area needs is the
 * `security` section of the official 7.1 OpenAPI specs for the read operations used (every GET of
 * these areas, and the read POSTs commitsbatch, wiql, workitemsbatch, queryconfigurations).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "vss-extension.json"), "utf8")) as {
  scopes: string[];
};
const readme = readFileSync(join(root, "README.md"), "utf8");

/** REST area (first segment after _apis/) → the scope its read operations declare. */
const SCOPE_OF_AREA: Record<string, string> = {
  git: "vso.code",
  policy: "vso.code",
  build: "vso.build",
  // pipelines/checks/* and pipelines/approvals (approvalsAndChecks spec).
  pipelines: "vso.build",
  release: "vso.release",
  wit: "vso.work",
  projects: "vso.project",
  // The only scope the spec lists for distributedtask/environments (no read-only one exists).
  distributedtask: "vso.environment_manage",
};

/**
 * Areas only the CLI calls with a PAT, whose scope the manifest does not declare: the extension
 * reads its own data (the project's production pattern) through the SDK's extension data
 * service, which needs no declared scope; a PAT needs Extension data (read) for the same route.
 */
const CLI_ONLY_AREAS: Record<string, { scope: string; file: RegExp }> = {
  extensionmanagement: { scope: "vso.extension.data", file: /extensionDataAdapter\.ts$/ },
};

/** The generated client classes of azure-devops-extension-api → the REST area of their routes. */
const AREA_OF_CLIENT: Record<string, string> = {
  GitRestClient: "git",
  PolicyRestClient: "policy",
  BuildRestClient: "build",
  ReleaseRestClient: "release",
  WorkItemTrackingRestClient: "wit",
  CoreRestClient: "projects",
  TaskAgentRestClient: "distributedtask",
};

/** The loaders of the clients fetched on first use (lazyApiClients.ts) → the REST area. */
const AREA_OF_LOADER: Record<string, string> = {
  loadBuildClient: "build",
  loadReleaseClient: "release",
  loadWorkItemClient: "wit",
  loadTaskAgentClient: "distributedtask",
};

/** Words the README's row must use for each area, so a reader sees which API needs the scope. */
const README_WORDS_OF_AREA: Record<string, RegExp> = {
  git: /git repositor/i,
  policy: /polic/i,
  build: /build/i,
  pipelines: /check|approval/i,
  release: /release/i,
  wit: /work item/i,
  projects: /project/i,
  distributedtask: /environment/i,
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface AreaUse {
  area: string;
  where: string;
}

/** Every REST area the code calls, with the file that calls it. */
function areasCalled(): AreaUse[] {
  return allAreasCalled().filter((use) => CLI_ONLY_AREAS[use.area] === undefined);
}

function allAreasCalled(): AreaUse[] {
  const uses: AreaUse[] = [];
  for (const file of sourceFiles(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    const where = relative(root, file);
    // context.client(GitRestClient, "git"): a generated client built through the transport.
    for (const match of text.matchAll(/\bclient\(\s*([A-Za-z]+RestClient)\b/g)) {
      uses.push({ area: AREA_OF_CLIENT[match[1]] ?? `unknown client ${match[1]}`, where });
    }
    // context.lazyClient(loadBuildClient, "build"): the same, its class loaded on first use.
    for (const match of text.matchAll(/\blazyClient\(\s*([A-Za-z]+)\b/g)) {
      uses.push({ area: AREA_OF_LOADER[match[1]] ?? `unknown client loader ${match[1]}`, where });
    }
    // getClient(GitRestClient): the SDK's own way, should any view use it directly.
    for (const match of text.matchAll(/\bgetClient\(\s*([A-Za-z]+RestClient)\b/g)) {
      uses.push({ area: AREA_OF_CLIENT[match[1]] ?? `unknown client ${match[1]}`, where });
    }
    for (const match of text.matchAll(/_apis\/([A-Za-z]+)/g)) {
      uses.push({ area: match[1].toLowerCase(), where });
    }
  }
  return uses;
}

/** The README's "## Scopes" table: scope → the text of its row. */
function readmeScopeTable(): Map<string, string> {
  const section = /^## Scopes\s*$([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Scopes" section');
  const rows = new Map<string, string>();
  for (const line of section[1].split("\n")) {
    const row = /^\|\s*`([a-z._]+)`\s*\|(.*)\|\s*$/.exec(line.trim());
    if (row) rows.set(row[1], row[2].trim());
  }
  return rows;
}

describe("manifest scopes", () => {
  const uses = areasCalled();

  it("finds the REST calls (the scan itself works)", () => {
    const areas = new Set(uses.map((use) => use.area));
    // Every adapter of src/adapters/ado/clients is seen.
    for (const area of ["git", "policy", "build", "pipelines", "release", "wit", "projects"]) {
      expect(areas).toContain(area);
    }
    expect(areas).toContain("distributedtask");
  });

  it("calls CLI-only areas from their adapter only, and the README names their PAT scope", () => {
    const cliOnly = allAreasCalled().filter((use) => CLI_ONLY_AREAS[use.area] !== undefined);
    expect(cliOnly.length).toBeGreaterThan(0);
    for (const use of cliOnly) expect(use.where).toMatch(CLI_ONLY_AREAS[use.area].file);
    const section = /^## Scopes\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
    for (const { scope } of Object.values(CLI_ONLY_AREAS))
      expect(section).toContain(`\`${scope}\``);
  });

  it("maps every REST area the code calls to a known scope", () => {
    const unknown = uses
      .filter((use) => SCOPE_OF_AREA[use.area] === undefined)
      .map((use) => `${use.where}: ${use.area}`);
    expect(unknown).toEqual([]);
  });

  it("declares exactly the scopes the calls need: none missing, none unused", () => {
    const needed = [...new Set(uses.map((use) => SCOPE_OF_AREA[use.area]))].sort();
    expect([...manifest.scopes].sort()).toEqual(needed);
  });

  it("lists every manifest scope in the README with the APIs that need it", () => {
    const table = readmeScopeTable();
    expect([...table.keys()].sort()).toEqual([...manifest.scopes].sort());
    const areasByScope = new Map<string, Set<string>>();
    for (const use of uses) {
      const scope = SCOPE_OF_AREA[use.area];
      if (!scope) continue;
      areasByScope.set(scope, (areasByScope.get(scope) ?? new Set()).add(use.area));
    }
    const unexplained: string[] = [];
    for (const [scope, description] of table) {
      for (const area of areasByScope.get(scope) ?? []) {
        if (!README_WORDS_OF_AREA[area].test(description)) unexplained.push(`${scope}: ${area}`);
      }
    }
    expect(unexplained).toEqual([]);
  });

  it("explains in the README why a manage scope is there", () => {
    const table = readmeScopeTable();
    for (const [scope, description] of table) {
      if (/_(write|manage|execute|full)$/.test(scope)) {
        expect(description).toMatch(/only scope|no read-only/i);
        expect(description).toMatch(/only reads/i);
      }
    }
  });
});
