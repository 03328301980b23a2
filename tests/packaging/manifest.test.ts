/**
 * Checks on vss-extension.json that `tfx extension create` does not make (it packages a typo'd
 * contribution type, an unknown scope or a uri to a missing file without complaint), and a check
 * of the .vsix that tfx actually produces from the built dist/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { TARGET_MAX_VERSION } from "../../src/adapters/ado/apiVersions";
import { overviewImages } from "./marketplace";

const root = join(__dirname, "..", "..");

interface Contribution {
  id: string;
  type: string;
  targets: string[];
  properties: Record<string, unknown>;
}

interface Manifest {
  id: string;
  publisher: string;
  version: string;
  targets: { id: string; version?: string }[];
  demands?: string[];
  scopes: string[];
  icons?: Record<string, string>;
  content?: { details?: { path: string } };
  files: { path: string; addressable?: boolean }[];
  contributions: Contribution[];
}

const manifest = JSON.parse(readFileSync(join(root, "vss-extension.json"), "utf8")) as Manifest;
const distBuilt = existsSync(join(root, "dist"));
if (!distBuilt) {
  console.warn(
    "dist/ is missing: the checks that need the built bundles are skipped. Run `npm run build` (npm test builds first).",
  );
}
const withDist = distBuilt ? it : it.skip;

/** Contribution types this extension may use; add one here only after checking it in the docs. */
const knownContributionTypes = new Set([
  "ms.vss-web.hub",
  "ms.vss-web.hub-group",
  "ms.vss-web.tab",
  "ms.vss-web.action",
  "ms.vss-work-web.work-item-form-group",
  "ms.vss-work-web.work-item-form-page",
  "ms.vss-work-web.work-item-form-control",
  "ms.vss-dashboards-web.widget",
  "ms.vss-dashboards-web.widget-configuration",
  "ms.vss-distributed-task.task",
]);

/** Contribution targets provided by Azure DevOps itself. `.id` targets point into this manifest. */
const knownContributionTargets = new Set([
  "ms.vss-build-web.build-release-hub-group",
  "ms.vss-code-web.code-hub-group",
  "ms.vss-work-web.work-hub-group",
  "ms.vss-test-web.test-hub-group",
  "ms.vss-web.project-admin-hub-group",
  "ms.vss-web.collection-admin-hub-group",
  "ms.vss-web.project-hub-groups-collection",
  "ms.vss-code-web.pr-tabs",
  "ms.vss-work-web.work-item-form",
  "ms.vss-dashboards-web.widget-catalog",
  "ms.vss-dashboards-web.widget-configuration",
  "ms.vss-distributed-task.tasks",
]);

const knownInstallationTargets = new Set([
  "Microsoft.VisualStudio.Services",
  "Microsoft.VisualStudio.Services.Cloud",
  "Microsoft.VisualStudio.Services.Integration",
  "Microsoft.VisualStudio.Services.Cloud.Integration",
  "Microsoft.TeamFoundation.Server",
  "Microsoft.TeamFoundation.Server.Integration",
]);

/**
 * Read-only scopes the product may ask for. vso.environment_manage is the one exception: it is the
 * only scope Azure DevOps documents for reading environments (distributedtask/environments).
 */
const allowedScopes = new Set([
  "vso.code",
  "vso.build",
  "vso.release",
  "vso.work",
  "vso.project",
  "vso.environment_manage",
]);

/** Property names whose value is a file of the extension. */
const fileProperties = ["uri", "catalogIconUrl", "previewImageUrl"];

/** Every file path a contribution points at, with where it was found. */
function referencedFiles(contribution: Contribution): { where: string; path: string }[] {
  const found: { where: string; path: string }[] = [];
  for (const name of fileProperties) {
    const value = contribution.properties[name];
    if (typeof value === "string") found.push({ where: `${contribution.id}.${name}`, path: value });
  }
  const icon = contribution.properties.icon;
  if (typeof icon === "string") found.push({ where: `${contribution.id}.icon`, path: icon });
  if (icon && typeof icon === "object") {
    for (const [theme, path] of Object.entries(icon as Record<string, unknown>)) {
      if (typeof path === "string") found.push({ where: `${contribution.id}.icon.${theme}`, path });
    }
  }
  return found;
}

const allReferences = manifest.contributions.flatMap(referencedFiles);
const manifestFiles = [
  ...Object.entries(manifest.icons ?? {}).map(([name, path]) => ({ where: `icons.${name}`, path })),
  ...(manifest.content?.details
    ? [{ where: "content.details", path: manifest.content.details.path }]
    : []),
];

describe("vss-extension.json", () => {
  it("uses only known contribution types", () => {
    const unknown = manifest.contributions.filter(
      (contribution) => !knownContributionTypes.has(contribution.type),
    );
    expect(unknown.map((contribution) => `${contribution.id}: ${contribution.type}`)).toEqual([]);
  });

  it("targets only known contribution points or its own contributions", () => {
    const ids = new Set(manifest.contributions.map((contribution) => contribution.id));
    const bad = manifest.contributions.flatMap((contribution) =>
      contribution.targets
        .filter((target) =>
          target.startsWith(".")
            ? !ids.has(target.slice(1))
            : !knownContributionTargets.has(target),
        )
        .map((target) => `${contribution.id} → ${target}`),
    );
    expect(bad).toEqual([]);
  });

  it("installs on Azure DevOps Services and on Azure DevOps Server 2022 and later", () => {
    expect(manifest.targets).toEqual(
      expect.arrayContaining([
        { id: "Microsoft.VisualStudio.Services.Cloud" },
        // Server versions: 2019 is 17.0, 2020 is 18.0, 2022 is 19.0.
        { id: "Microsoft.TeamFoundation.Server", version: "[19.0,)" },
      ]),
    );
    // The api-version table's Server column goes up to 7.0: the server must serve it.
    const serverCeiling = TARGET_MAX_VERSION["server-2022"];
    expect(serverCeiling).toBe("7.0");
    expect(manifest.demands).toEqual([`api-version/${serverCeiling}`]);
  });

  it("installs only into known targets", () => {
    expect(manifest.targets.length).toBeGreaterThan(0);
    expect(manifest.targets.filter((target) => !knownInstallationTargets.has(target.id))).toEqual(
      [],
    );
  });

  it("asks only for read scopes (environment_manage being the documented exception)", () => {
    expect(manifest.scopes.filter((scope) => !allowedScopes.has(scope))).toEqual([]);
    const writing = manifest.scopes.filter(
      (scope) => /_(write|manage|execute|full)$/.test(scope) && scope !== "vso.environment_manage",
    );
    expect(writing).toEqual([]);
  });

  it("has unique contribution ids", () => {
    const ids = manifest.contributions.map((contribution) => contribution.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it("gives every page contribution a name and a uri", () => {
    const missing = manifest.contributions
      .filter((contribution) => contribution.type !== "ms.vss-web.hub-group")
      // A pipeline task names its folder (task.json, index.js); it has no page.
      .filter((contribution) => contribution.type !== "ms.vss-distributed-task.task")
      .filter(
        (contribution) =>
          typeof contribution.properties.name !== "string" ||
          typeof contribution.properties.uri !== "string",
      )
      .map((contribution) => contribution.id);
    expect(missing).toEqual([]);
  });

  it("gives widgets valid sizes, a scope and a catalog icon", () => {
    // Azure DevOps caps a widget at 10 rows and 10 columns (WidgetSize.MaxRowSpan/MaxColumnSpan).
    const widgets = manifest.contributions.filter(
      (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
    );
    expect(widgets.length).toBeGreaterThan(0);
    for (const widget of widgets) {
      const sizes = widget.properties.supportedSizes as { rowSpan: unknown; columnSpan: unknown }[];
      expect(Array.isArray(sizes) && sizes.length > 0).toBe(true);
      for (const size of sizes) {
        for (const span of [size.rowSpan, size.columnSpan]) {
          expect(Number.isInteger(span)).toBe(true);
          expect(span as number).toBeGreaterThanOrEqual(1);
          expect(span as number).toBeLessThanOrEqual(10);
        }
      }
      const keys = sizes.map((size) => `${size.rowSpan}x${size.columnSpan}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(widget.properties.supportedScopes).toEqual(expect.arrayContaining(["project_team"]));
      expect(typeof widget.properties.catalogIconUrl).toBe("string");
    }
  });

  it("packages only folders that exist and references only packaged paths", () => {
    const packaged = manifest.files.map((file) => file.path.replace(/\/+$/, ""));
    const outside = [...allReferences, ...manifestFiles].filter(
      ({ path }) => !packaged.some((folder) => path === folder || path.startsWith(folder + "/")),
    );
    expect(outside).toEqual([]);
    const missingFolders = packaged
      .filter((folder) => folder !== "dist" || distBuilt)
      .filter((folder) => !existsSync(join(root, folder)));
    expect(missingFolders).toEqual([]);
  });

  it("points at static files that exist", () => {
    const missing = [...allReferences, ...manifestFiles]
      .filter(({ path }) => !path.startsWith("dist/"))
      .filter(({ path }) => !existsSync(join(root, path)));
    expect(missing).toEqual([]);
  });

  withDist("points at built files that exist in dist/", () => {
    const missing = allReferences
      .filter(({ path }) => path.startsWith("dist/"))
      .filter(({ path }) => !existsSync(join(root, path)));
    expect(missing).toEqual([]);
  });
});

describe("the .vsix that tfx creates", () => {
  let outputDir: string;
  let zip: JSZip;

  beforeAll(async () => {
    if (!distBuilt) return;
    outputDir = mkdtempSync(join(tmpdir(), "release-trace-vsix-"));
    // Offline: `extension create` only reads the manifest and the files it names.
    execFileSync(
      process.execPath,
      [
        join(root, "node_modules", "tfx-cli", "_build", "tfx-cli.js"),
        "extension",
        "create",
        "--manifest-globs",
        "vss-extension.json",
        "--output-path",
        outputDir,
        "--no-prompt",
        "--no-color",
      ],
      { cwd: root, stdio: "pipe" },
    );
    const vsix = readdirSync(outputDir).filter((name) => name.endsWith(".vsix"));
    expect(vsix).toEqual([`${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`]);
    zip = await JSZip.loadAsync(readFileSync(join(outputDir, vsix[0])));
  }, 60000);

  afterAll(() => {
    if (outputDir) rmSync(outputDir, { recursive: true, force: true });
  });

  withDist("lists every contribution and the scopes in extension.vsomanifest", async () => {
    const entry = zip.file("extension.vsomanifest");
    expect(entry).not.toBeNull();
    const packaged = JSON.parse(await entry!.async("string")) as Manifest;
    expect(packaged.contributions.map((contribution) => contribution.id)).toEqual(
      manifest.contributions.map((contribution) => contribution.id),
    );
    expect(packaged.contributions.map((contribution) => contribution.type)).toEqual(
      manifest.contributions.map((contribution) => contribution.type),
    );
    expect(packaged.scopes).toEqual(manifest.scopes);
  });

  withDist(
    "declares identity, icon, details and every referenced file in extension.vsixmanifest",
    async () => {
      const entry = zip.file("extension.vsixmanifest");
      expect(entry).not.toBeNull();
      const xml = await entry!.async("string");
      expect(xml).toContain(`Id="${manifest.id}"`);
      expect(xml).toContain(`Version="${manifest.version}"`);
      expect(xml).toContain(`<Icon>${manifest.icons?.default}</Icon>`);
      expect(xml).toContain('Type="Microsoft.VisualStudio.Services.Content.Details"');
      const assetPaths = new Set(
        [...xml.matchAll(/<Asset [^>]*Path="([^"]+)"/g)].map((match) => match[1]),
      );
      const unlisted = [...allReferences, ...manifestFiles]
        .map(({ path }) => path)
        .filter((path) => !assetPaths.has(path));
      expect(unlisted).toEqual([]);
    },
  );

  withDist("contains every screenshot the Marketplace overview shows", () => {
    const absent = overviewImages()
      .map((file) => `static/marketplace/${file}`)
      .filter((path) => zip.file(path) === null);
    expect(absent).toEqual([]);
  });

  withDist("contains every built script, the chunks loaded on demand too", () => {
    const scriptsUnder = (folder: string): string[] =>
      readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
        const path = `${folder}/${entry.name}`;
        if (entry.isDirectory()) return scriptsUnder(path);
        return entry.name.endsWith(".js") ? [path] : [];
      });
    const scripts = scriptsUnder("dist");
    expect(scripts.some((path) => path.startsWith("dist/chunks/"))).toBe(true);
    expect(scripts.filter((path) => zip.file(path) === null)).toEqual([]);
  });

  withDist("lists the pipeline task and ships its folder: task.json, one index.js, icon", () => {
    const task = manifest.contributions.find(
      (contribution) => contribution.type === "ms.vss-distributed-task.task",
    );
    expect(task?.targets).toEqual(["ms.vss-distributed-task.tasks"]);
    const folder = task?.properties.name as string;
    const files = Object.keys(zip.files).filter(
      (path) => path.startsWith(`${folder}/`) && !zip.files[path].dir,
    );
    expect(files.sort()).toEqual([
      `${folder}/icon.png`,
      `${folder}/index.js`,
      `${folder}/task.json`,
    ]);
  });

  withDist("contains every file a contribution points at", () => {
    const absent = [...allReferences, ...manifestFiles]
      .map(({ path }) => path)
      .filter((path) => zip.file(path) === null);
    expect(absent).toEqual([]);
  });
});
