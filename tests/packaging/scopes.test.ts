/**
 * The manifest's scopes are exactly the ones the extension's REST routes need, derived route by
 * route from the `security` block of the official 7.1 OpenAPI specs (`../shared/ado-rest-specs`
 * beside the checkout, or ADO_REST_SPECS); routes only the CLI or the pipeline task call are
 * listed in the README as the PAT scopes those need. (manifest.test.ts fails on write scopes.)
 *
 * The routes are read from the source: the `routeTemplate` of every raw request, and for each
 * generated client method an adapter calls, the route template and HTTP method in the
 * azure-devops-extension-api client code. A route matches a spec path when the two are equal
 * with optional route values left out (`{project}/_apis/build/builds/{buildId}` is both the list
 * and the get).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { specRoot } from "../helpers/sharedReference";

const root = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "vss-extension.json"), "utf8")) as {
  scopes: string[];
};
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The generated client classes the adapters build → their code in azure-devops-extension-api. */
const CLIENT_CODE: Record<string, string> = {
  GitRestClient: "Git/GitClient.js",
  PolicyRestClient: "Policy/PolicyClient.js",
  BuildRestClient: "Build/BuildClient.js",
  ReleaseRestClient: "Release/ReleaseClient.js",
  WorkItemTrackingRestClient: "WorkItemTracking/WorkItemTrackingClient.js",
  CoreRestClient: "Core/CoreClient.js",
  TaskAgentRestClient: "TaskAgent/TaskAgentClient.js",
};

/** The loaders of the clients fetched on first use (lazyApiClients.ts) → their class. */
const CLASS_OF_LOADER: Record<string, string> = {
  loadBuildClient: "BuildRestClient",
  loadReleaseClient: "ReleaseRestClient",
  loadWorkItemClient: "WorkItemTrackingRestClient",
  loadTaskAgentClient: "TaskAgentRestClient",
};

/**
 * Adapter files only the CLI (or the pipeline task) reaches: the extension's pages read their
 * own data through the SDK's extension data service, which needs no declared scope.
 */
const PAT_ONLY_FILES = [/extensionDataAdapter\.ts$/];

/** Routes with no operation in the shared 7.1 specs: the scope they need, and where it is said. */
const WITHOUT_SPEC: { route: RegExp; scope: string; reason: string }[] = [
  {
    route: /^get \{\}\/_apis\/release\/releases\/\{\}\/workitems$/,
    scope: "vso.release",
    reason:
      "a release's work items (the api's getReleaseWorkItemsRefs) are not in the 7.1 release " +
      "spec; every read operation of that spec's area declares vso.release",
  },
  {
    route: /^get _apis\/extensionmanagement\/installedextensions\//,
    scope: "vso.extension.data",
    reason:
      "the extensionManagement area is not in the shared 7.1 specs; the documented scope of " +
      "extension data documents (read) is vso.extension.data",
  },
  {
    route: /^(post|put|patch|delete) _apis\/extensionmanagement\/installedextensions\//,
    scope: "vso.extension.data_write",
    reason:
      "the same area, written (the score history): the documented scope is " +
      "vso.extension.data_write",
  },
];

/**
 * Operations that accept any one of several scopes: the one the extension asks for. Chosen so a
 * route is read with the narrowest scope of its own area.
 */
const CHOSEN_AMONG: Record<string, string> = {
  // Projects: reading a project needs no access to the user's profile.
  "vso.profile|vso.project": "vso.project",
};

interface RouteUse {
  method: string;
  template: string;
  where: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each method of a generated client class with the route and HTTP method it requests. */
function clientRoutes(className: string): Map<string, { method: string; template: string }> {
  const file = join(root, "node_modules", "azure-devops-extension-api", CLIENT_CODE[className]);
  const text = readFileSync(file, "utf8");
  const starts = [...text.matchAll(/^ {4}(\w+)\([^)]*\) \{$/gm)];
  const routes = new Map<string, { method: string; template: string }>();
  starts.forEach((start, index) => {
    const body = text.slice(start.index, starts[index + 1]?.index ?? text.length);
    const template = /routeTemplate: "([^"]+)"/.exec(body)?.[1];
    if (template) {
      routes.set(start[1], { method: /method: "(\w+)"/.exec(body)?.[1] ?? "GET", template });
    }
  });
  return routes;
}

/** The generated client methods a file calls on the clients it builds. */
function clientCalls(text: string, where: string): RouteUse[] {
  const classes = [
    ...[...text.matchAll(/\bclient\(\s*([A-Za-z]+RestClient)\b/g)].map((match) => match[1]),
    ...[...text.matchAll(/\blazyClient\(\s*(\w+)/g)].map((match) => CLASS_OF_LOADER[match[1]]),
  ];
  const called = new Set([...text.matchAll(/\.(\w+)\(/g)].map((match) => match[1]));
  return classes.flatMap((className) => {
    if (!CLIENT_CODE[className]) throw new Error(`${where}: unknown client ${className}`);
    return [...clientRoutes(className)]
      .filter(([name]) => called.has(name))
      .map(([, route]) => ({ ...route, where }));
  });
}

/**
 * The raw requests of a file: each `routeTemplate` (a string, an UPPER_CASE constant of the file, or a
 * template string built from one) with the methods of the same request (`method: a ? "POST" :
 * "PUT"` is both).
 */
function rawCalls(text: string, where: string): RouteUse[] {
  const constants = new Map(
    [...text.matchAll(/const (\w+)\s*=\s*"([^"]+)"/g)].map((match) => [match[1], match[2]]),
  );
  const resolve = (value: string) =>
    value.replace(/\$\{(\w+)\}/g, (_, name: string) => constants.get(name) ?? `\${${name}}`);
  return [
    ...text.matchAll(/routeTemplate:\s*(?:"([^"]+)"|`([^`]+)`|([A-Z][A-Z0-9_]+)\b)/g),
  ].flatMap((match) => {
    const template = resolve(match[1] ?? match[2] ?? `\${${match[3]}}`);
    const request = text.slice(Math.max(0, match.index - 300), match.index + 400);
    const own = request.slice(request.lastIndexOf("{", 300));
    const method = /method:\s*([^,\n]+)/.exec(own)?.[1] ?? '"GET"';
    return [...method.matchAll(/"(\w+)"/g)].map((name) => ({ method: name[1], template, where }));
  });
}

/** Every REST route the code under src calls, with the file that calls it. */
function routesCalled(): RouteUse[] {
  return sourceFiles(join(root, "src")).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const where = relative(root, file);
    return [...clientCalls(text, where), ...rawCalls(text, where)];
  });
}

function isPatOnly(use: RouteUse): boolean {
  return PAT_ONLY_FILES.some((pattern) => pattern.test(use.where));
}

/** "get {}/_apis/git/repositories/{}/refs": method and path, route values as {}. */
function routeKey(method: string, segments: string[]): string {
  return `${method.toLowerCase()} ${segments.join("/")}`;
}

function segmentsOf(path: string): string[] {
  return path
    .replace(/^\/?\{organization\}/i, "")
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.startsWith("{") ? "{}" : segment.toLowerCase()));
}

/** Every spec operation by route key → the scopes its `security` block accepts. */
function specOperations(): Map<string, string[][]> {
  const operations = new Map<string, string[][]>();
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return name === "httpExamples" ? [] : walk(path);
      return name.endsWith(".json") ? [path] : [];
    });
  for (const file of walk(specRoot())) {
    const spec = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as {
      paths?: Record<string, Record<string, { security?: { oauth2?: string[] }[] }>>;
    };
    for (const [path, methods] of Object.entries(spec.paths ?? {})) {
      for (const [method, operation] of Object.entries(methods)) {
        const accepted = (operation.security ?? []).flatMap((entry) => entry.oauth2 ?? []);
        const key = routeKey(method, segmentsOf(path));
        operations.set(key, [...(operations.get(key) ?? []), accepted]);
      }
    }
  }
  return operations;
}

/** The concrete paths a template can produce: each route value given or left out. */
function variants(template: string): string[][] {
  let paths: string[][] = [[]];
  for (const segment of template.split("/").filter(Boolean)) {
    const value = segment.startsWith("{");
    const literal = value ? "{}" : segment.toLowerCase();
    paths = paths.flatMap((path) => (value ? [[...path, literal], path] : [[...path, literal]]));
  }
  return paths;
}

interface RouteScope {
  use: RouteUse;
  scopes: string[];
  problem?: string;
}

/** The scope (one per matched operation) each route needs, or why it could not be told. */
function scopeOfRoute(use: RouteUse, operations: Map<string, string[][]>): RouteScope {
  const keys = variants(use.template).map((path) => routeKey(use.method, path));
  const accepted = keys.flatMap((key) => operations.get(key) ?? []);
  const label = `${use.where}: ${use.method} ${use.template}`;
  if (accepted.length === 0) {
    const known = WITHOUT_SPEC.find((entry) => keys.some((key) => entry.route.test(key)));
    return known
      ? { use, scopes: [known.scope] }
      : { use, scopes: [], problem: `${label} matches no operation of the specs` };
  }
  const scopes = new Set<string>();
  for (const alternatives of accepted) {
    if (alternatives.length === 0) return { use, scopes: [], problem: `${label}: no security` };
    const choice =
      alternatives.length === 1
        ? alternatives[0]
        : CHOSEN_AMONG[[...alternatives].sort().join("|")];
    if (!choice || !alternatives.includes(choice)) {
      return { use, scopes: [], problem: `${label} accepts any of ${alternatives.join(", ")}` };
    }
    scopes.add(choice);
  }
  return { use, scopes: [...scopes] };
}

function scopesSection(): string {
  const section = /^## Scopes\s*$([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Scopes" section');
  return section[1];
}

/** A table of the README's Scopes section: scope → the text of its row. */
function scopeTable(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const row = /^\|\s*`([a-z._]+)`\s*\|(.*)\|\s*$/.exec(line.trim());
    if (row) rows.set(row[1], row[2].trim());
  }
  return rows;
}

/** The manifest's table (before the PAT subsection) and the PAT-only table (inside it). */
function readmeTables(): { manifest: Map<string, string>; patOnly: Map<string, string> } {
  const section = scopesSection();
  const pat = /^### PAT scopes\b[^\n]*$([\s\S]*?)(?=^### |$(?![\s\S]))/m.exec(section);
  if (!pat) throw new Error('README.md has no "### PAT scopes" subsection under "## Scopes"');
  return {
    manifest: scopeTable(section.slice(0, pat.index)),
    patOnly: scopeTable(pat[1]),
  };
}

/** Words a README row must use, by the API area of a route, so a reader sees what needs it. */
const README_WORDS: [RegExp, RegExp][] = [
  [/_apis\/git\//i, /git repositor/i],
  [/_apis\/policy\//i, /polic/i],
  [/_apis\/build\//i, /build/i],
  [/_apis\/pipelines\/(checks|approvals)/i, /check|approval/i],
  [/_apis\/release\//i, /release/i],
  [/_apis\/wit\//i, /work item/i],
  [/_apis\/projects/i, /project/i],
  [/_apis\/distributedtask\//i, /environment/i],
  [/_apis\/extensionmanagement\//i, /extension data/i],
];

describe("scopes derived from the routes", () => {
  const uses = routesCalled();
  const operations = specOperations();
  const resolved = uses.map((use) => scopeOfRoute(use, operations));
  const union = (entries: RouteScope[]) => [...new Set(entries.flatMap((e) => e.scopes))].sort();
  const pages = resolved.filter((entry) => !isPatOnly(entry.use));
  const patOnly = resolved.filter((entry) => isPatOnly(entry.use));

  it("finds the routes (the scan itself works)", () => {
    const templates = uses.map((use) => `${use.method} ${use.template}`.toLowerCase());
    for (const expected of [
      "get {project}/_apis/git/repositories/{repositoryid}/refs",
      "post {project}/_apis/git/repositories/{repositoryid}/commitsbatch",
      "post {project}/{team}/_apis/wit/wiql",
      "post {project}/_apis/pipelines/checks/queryconfigurations",
      "get {project}/_apis/release/releases/{releaseid}",
      "get {project}/_apis/distributedtask/environments/{environmentid}",
      "get _apis/projects/{*projectid}",
    ]) {
      expect(templates).toContain(expected);
    }
    expect(patOnly.map((entry) => entry.use.method).sort()).toEqual(["GET", "GET", "POST", "PUT"]);
  });

  it("finds each route's scope in the specs' security blocks (or says why it cannot)", () => {
    expect(resolved.flatMap((entry) => (entry.problem ? [entry.problem] : []))).toEqual([]);
  });

  it("declares exactly the union of the scopes of the routes the pages call", () => {
    expect([...manifest.scopes].sort()).toEqual(union(pages));
  });

  it("leaves routes only a PAT reads to the CLI and the task: the pages never reach them", () => {
    const pageCode = ["ui", "host", "contributions"].flatMap((folder) =>
      sourceFiles(join(root, "src", folder)),
    );
    const reaching = pageCode.filter((file) =>
      /\.extensionData\(/.test(readFileSync(file, "utf8")),
    );
    expect(reaching.map((file) => relative(root, file))).toEqual([]);
  });

  it("lists every manifest scope in the README with the APIs that need it", () => {
    const { manifest: table } = readmeTables();
    expect([...table.keys()].sort()).toEqual([...manifest.scopes].sort());
    expect(unexplained(table, pages)).toEqual([]);
  });

  it("lists the PAT scopes of the routes only the CLI and the task call, with their APIs", () => {
    const { patOnly: table } = readmeTables();
    const needed = union(patOnly).filter((scope) => !manifest.scopes.includes(scope));
    expect([...table.keys()].sort()).toEqual(needed);
    expect(unexplained(table, patOnly)).toEqual([]);
  });

  it("explains in the README why a manage scope is there", () => {
    for (const [scope, description] of readmeTables().manifest) {
      if (/_(write|manage|execute|full)$/.test(scope)) {
        expect(description).toMatch(/only scope|no read-only/i);
        expect(description).toMatch(/only reads/i);
      }
    }
  });
});

/** Routes whose scope's README row does not name their API. */
function unexplained(table: Map<string, string>, entries: RouteScope[]): string[] {
  const missing: string[] = [];
  for (const entry of entries) {
    const words = README_WORDS.find(([route]) => route.test(entry.use.template))?.[1];
    for (const scope of entry.scopes) {
      const row = table.get(scope);
      if (row === undefined) continue;
      if (!words || !words.test(row)) missing.push(`${scope}: ${entry.use.template}`);
    }
  }
  return [...new Set(missing)];
}
