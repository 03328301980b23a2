/**
 * Host harness: serves host pages on one loopback origin and the extension files (the manifest's
 * baseUri: dist/ and static/) on another, so every contribution runs in a cross-origin iframe as
 * in production and talks to the host only over the SDK's postMessage protocol.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import {
  HOST_VARIANTS,
  type FrameSpec,
  type HostPageConfig,
  type HostVariant,
  type WidgetSettingsSpec,
  type WorkItemSpec,
} from "./client/config";
import {
  ExtensionDataError,
  ExtensionDataRequest,
  ExtensionDataStore,
  splitCollectionQuery,
} from "./extensionData";
import { ServiceExtensionData } from "./serviceExtensionData";
import {
  contributionsOfType,
  findContribution,
  HarnessContribution,
  HarnessManifest,
  HUB_TYPE,
  loadManifest,
  WIDGET_CONFIG_TYPE,
  WIDGET_TYPE,
  WidgetSize,
  WORK_ITEM_GROUP_TYPE,
  WORK_ITEM_PAGE_TYPE,
} from "./manifest";
import {
  ChromeContext,
  configureBody,
  dashboardBody,
  escapeHtml,
  hubBody,
  link,
  renderPage,
  sizeLabel,
  workItemBody,
} from "./pages";
import { parseThemeName, THEMES, ThemeName } from "./themes";
import {
  emulatorUpstream,
  forwardToOrganization,
  RealOrganization,
  realUpstream,
  Upstream,
  upstreamJson,
  UpstreamError,
} from "./upstream";
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";

export interface StartHarnessOptions {
  /** Demo mode: the emulator's organisation URL, e.g. http://127.0.0.1:P/fabrikam */
  emulatorOrgUrl?: string;
  /** Real organisation mode (PAT read by the caller from AZURE_DEVOPS_TOKEN). */
  realOrganization?: RealOrganization;
  projectName: string;
  /** Skips the project lookup when known (the emulator reports it). */
  projectId?: string;
  /** 0 (default) = a free port. */
  hostPort?: number;
  extPort?: number;
  /** Repository root: vss-extension.json, dist/, static/ and client sources are found from here. */
  rootDir?: string;
  distDir?: string;
  /** Where extension data is persisted (default <rootDir>/.harness-data). */
  dataDir?: string;
  /** The handshake every page sends unless its URL asks for another (`?host-variant=`). */
  hostVariant?: HostVariant;
  /**
   * Demo mode: keep the shared settings in the emulator (the service), as Azure DevOps does, so
   * what a pipeline task or the CLI writes there shows in the views (see serviceExtensionData).
   */
  serviceExtensionData?: boolean;
  /**
   * Which server the host is (default Services): "server-2022" hosts the pages as Azure DevOps
   * Server does, `isHosted: false` and the collection's name as the host's.
   */
  server?: ServerTarget;
}

/** A host variant by name, or undefined when there is no such variant. */
export function parseHostVariant(value: string): HostVariant | undefined {
  return (HOST_VARIANTS as readonly string[]).includes(value) ? (value as HostVariant) : undefined;
}

export interface RunningHarness {
  /** Host origin, e.g. http://127.0.0.1:5100 */
  url: string;
  /** Extension origin (the manifest's baseUri without the trailing slash). */
  extensionUrl: string;
  manifest: HarnessManifest;
  close(): Promise<void>;
}

const WIDGET_SETTINGS_COLLECTION = "harness-dashboard";
const RELEASE_PROXY = "/_proxy/vsrm/";
const ORG_PROXY = "/_proxy/org/";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

interface WorkItemJson {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
  relations?: WorkItemSpec["relations"];
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 5_000_000) throw new ExtensionDataError(400, "ArgumentException", "body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
    })
    .end(JSON.stringify(body));
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response
    .writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
    .end(html);
}

/** Serves a file below `root`, refusing anything that resolves outside it. */
function serveFile(response: ServerResponse, root: string, relativePath: string): void {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    response.writeHead(400).end();
    return;
  }
  const target = resolve(base, `.${sep}${decoded}`);
  if (target !== base && !target.startsWith(base + sep)) {
    response.writeHead(403).end();
    return;
  }
  if (!existsSync(target) || !statSync(target).isFile()) {
    response.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${relativePath}`);
    return;
  }
  response
    .writeHead(200, {
      "Content-Type": CONTENT_TYPES[extname(target).toLowerCase()] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    })
    .end(readFileSync(target));
}

/** The host page script is TypeScript; transpile each client module once, at start. */
async function transpileClient(clientDir: string): Promise<Map<string, string>> {
  const ts = await import("typescript");
  const modules = new Map<string, string>();
  for (const file of readdirSync(clientDir).filter((name) => name.endsWith(".ts"))) {
    const output = ts.transpileModule(readFileSync(join(clientDir, file), "utf8"), {
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext },
      fileName: file,
    });
    modules.set(file.replace(/\.ts$/, ".js"), output.outputText);
  }
  return modules;
}

function parseSize(value: string | null, supported: WidgetSize[]): WidgetSize | undefined {
  const match = /^(\d+)x(\d+)$/.exec(value ?? "");
  if (!match) return supported[0];
  const columnSpan = Number(match[1]);
  const rowSpan = Number(match[2]);
  return supported.find((size) => size.columnSpan === columnSpan && size.rowSpan === rowSpan);
}

export async function startHarness(options: StartHarnessOptions): Promise<RunningHarness> {
  if (!options.emulatorOrgUrl === !options.realOrganization) {
    throw new Error("startHarness: give exactly one of emulatorOrgUrl or realOrganization");
  }
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const distDir = resolve(options.distDir ?? join(rootDir, "dist"));
  const staticDir = join(rootDir, "static");
  const manifest = loadManifest(join(rootDir, "vss-extension.json"));
  const clientModules = await transpileClient(join(__dirname, "client"));

  // The token extensions receive from getAccessToken(). In real-org mode it is only a key for
  // the local proxy; the proxy swaps it for the PAT.
  const accessToken = `harness-${randomUUID()}`;
  const upstream: Upstream = options.realOrganization
    ? realUpstream(options.realOrganization)
    : emulatorUpstream(options.emulatorOrgUrl as string, accessToken, options.server ?? "services");

  const project = options.projectId
    ? { id: options.projectId, name: options.projectName, defaultTeam: undefined }
    : await upstreamJson<{ id: string; name: string; defaultTeam?: { id: string; name: string } }>(
        upstream,
        `_apis/projects/${encodeURIComponent(options.projectName)}?api-version=7.1`,
      );
  const team = project.defaultTeam ?? {
    id: `${project.id}-team`,
    name: `${project.name} Team`,
  };
  const rootSegments = new URL(upstream.organizationRoot).pathname.split("/").filter(Boolean);
  // A Server collection URL (/tfs/DefaultCollection) is named by its last segment.
  const organizationName = decodeURIComponent(
    (options.server === "server-2022" ? rootSegments[rootSegments.length - 1] : rootSegments[0]) ??
      new URL(upstream.organizationRoot).hostname.split(".")[0],
  );
  const user = await upstreamJson<{
    authenticatedUser?: {
      id?: string;
      providerDisplayName?: string;
      properties?: Record<string, { $value?: string }>;
    };
  }>(upstream, "_apis/connectionData")
    .then((data) => data.authenticatedUser)
    .catch(() => undefined);
  const userId = user?.id ?? "00000000-0000-4000-8000-00000000a11e";
  const userContext = {
    id: userId,
    name: user?.properties?.Account?.$value ?? "harness.user@fabrikam.example",
    displayName: user?.providerDisplayName ?? "Harness User",
    descriptor: `aad.${Buffer.from(userId).toString("base64").slice(0, 24)}`,
    imageUrl: "",
  };

  const store = new ExtensionDataStore(
    join(resolve(options.dataDir ?? join(rootDir, ".harness-data")), "extension-data.json"),
    userId,
  );

  const serviceData =
    options.serviceExtensionData && !options.realOrganization
      ? new ServiceExtensionData(upstream, manifest.publisherId, manifest.extensionId)
      : undefined;

  const extensionServer = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
    } else if (path.startsWith("/dist/")) {
      serveFile(response, distDir, path.slice("/dist/".length));
    } else if (path.startsWith("/static/")) {
      serveFile(response, staticDir, path.slice("/static/".length));
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not part of the extension");
    }
  });

  let hostOrigin = "";
  let extensionOrigin = "";
  let frameCounter = 0;

  const chrome = (theme: ThemeName): ChromeContext => ({
    theme,
    organizationName,
    projectName: project.name,
    modeLabel: options.realOrganization
      ? `real organisation ${upstream.organizationRoot}`
      : `demo emulator ${upstream.organizationRoot}`,
  });

  const pageConfig = (
    page: HostPageConfig["page"],
    theme: ThemeName,
    frames: FrameSpec[],
    extra: Partial<HostPageConfig> = {},
  ): HostPageConfig => ({
    page,
    theme,
    hostVariant: options.hostVariant ?? "current",
    themes: THEMES,
    extensionOrigin,
    extension: {
      id: manifest.fullExtensionId,
      publisherId: manifest.publisherId,
      extensionId: manifest.extensionId,
      version: manifest.version,
      baseUri: `${extensionOrigin}/`,
    },
    user: userContext,
    host: {
      id: `${organizationName}-host`,
      name: organizationName,
      serviceVersion: "harness",
      // HostType: Organization (4) on Services, Collection (2) on Server.
      type: options.server === "server-2022" ? 2 : 4,
      isHosted: options.server !== "server-2022",
    },
    project: { id: project.id, name: project.name },
    team,
    organizationRoot: options.realOrganization
      ? `${hostOrigin}${ORG_PROXY}`
      : upstream.organizationRoot,
    releaseRoot: options.realOrganization ? `${hostOrigin}${RELEASE_PROXY}` : upstream.releaseRoot,
    accessToken,
    frames,
    ...extra,
  });

  const frameFor = (
    contribution: HarnessContribution,
    role: FrameSpec["role"],
    extra: Partial<FrameSpec> = {},
  ): FrameSpec => ({
    elementId: `frame-${++frameCounter}`,
    role,
    contributionId: contribution.id,
    fullContributionId: contribution.fullId,
    src: `${extensionOrigin}/${contribution.uri}`,
    initialConfig: {},
    ...extra,
  });

  const storedWidgetSettings = (widget: HarnessContribution) => {
    try {
      const doc = store.handle({
        op: "getDocument",
        collectionName: WIDGET_SETTINGS_COLLECTION,
        id: widget.id,
      }) as {
        customSettings?: {
          data: string;
          version?: { major: number; minor: number; patch: number };
        };
      };
      if (doc.customSettings) return doc.customSettings;
    } catch {
      // Not configured yet.
    }
    // A freshly added widget has no settings data yet: the dashboard passes data null.
    const unconfigured: WidgetSettingsSpec["customSettings"] = {
      data: null,
      version: { major: 1, minor: 0, patch: 0 },
    };
    return unconfigured;
  };

  const fetchWorkItem = async (id: number): Promise<WorkItemSpec> => {
    const item = await upstreamJson<WorkItemJson>(
      upstream,
      `${encodeURIComponent(project.name)}/_apis/wit/workitems/${id}?$expand=relations&api-version=7.1`,
    );
    return { id: item.id, rev: item.rev, fields: item.fields, relations: item.relations ?? [] };
  };

  /** Work items with artifact links (commits, PRs, builds, releases) for the index page. */
  const linkedWorkItems = async (): Promise<{ items: WorkItemSpec[]; scanned: number }> => {
    const query = await upstreamJson<{ workItems?: Array<{ id: number }> }>(
      upstream,
      `${encodeURIComponent(project.name)}/_apis/wit/wiql?$top=200&api-version=7.1`,
      {
        method: "POST",
        body: {
          query:
            "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.ChangedDate] DESC",
        },
      },
    );
    const ids = (query.workItems ?? []).map((item) => item.id).slice(0, 200);
    if (ids.length === 0) return { items: [], scanned: 0 };
    const batch = await upstreamJson<{ value: Array<WorkItemJson | null> }>(
      upstream,
      `${encodeURIComponent(project.name)}/_apis/wit/workitems?ids=${ids.join(",")}&$expand=relations&errorPolicy=omit&api-version=7.1`,
    );
    const items = batch.value
      .filter((item): item is WorkItemJson => item !== null)
      .filter((item) => (item.relations ?? []).some((relation) => relation.rel === "ArtifactLink"))
      .map((item) => ({
        id: item.id,
        rev: item.rev,
        fields: item.fields,
        relations: item.relations ?? [],
      }));
    return { items, scanned: ids.length };
  };

  const indexPage = async (theme: ThemeName): Promise<string> => {
    const hubs = contributionsOfType(manifest, HUB_TYPE);
    const widgets = contributionsOfType(manifest, WIDGET_TYPE);
    let workItemsHtml: string;
    try {
      const { items, scanned } = await linkedWorkItems();
      const shown = items.slice(0, 25);
      workItemsHtml =
        `<ul class="plain">${shown
          .map(
            (item) =>
              `<li>${link(`/work-item/${item.id}`, `#${item.id} ${String(item.fields["System.Title"] ?? "")}`, theme)} <span class="muted">· ${escapeHtml(item.fields["System.State"])} · ${item.relations.filter((relation) => relation.rel === "ArtifactLink").length} artifact links</span></li>`,
          )
          .join("")}</ul>` +
        `<p class="muted">${items.length} of the ${scanned} most recently changed work items have artifact links${items.length > shown.length ? `; the first ${shown.length} are listed` : ""}.</p>`;
    } catch (error) {
      workItemsHtml = `<p class="muted">Could not list work items: ${escapeHtml((error as Error).message)}</p>`;
    }
    const body = `<div class="page">
<h1>Release Trace in a local Azure DevOps host</h1>
<div class="card"><h2>Contributions (from vss-extension.json)</h2><ul class="plain">
${manifest.contributions
  .map(
    (contribution) =>
      `<li><code>${escapeHtml(contribution.fullId)}</code> <span class="muted">· ${escapeHtml(contribution.type)} · ${escapeHtml(contribution.uri)}</span></li>`,
  )
  .join("")}
</ul></div>
<div class="card"><h2>Pages</h2><ul class="plain">
${hubs.map((hub) => `<li>${link(`/hub?contribution=${encodeURIComponent(hub.id)}`, `Hub: ${hub.name}`, theme)}</li>`).join("")}
<li>${link("/dashboard", `Dashboard: ${widgets.map((widget) => widget.name).join(", ")}`, theme)}</li>
${widgets
  .filter((widget) => widget.configurationId)
  .map(
    (widget) =>
      `<li>${link(`/dashboard/configure/${encodeURIComponent(widget.id)}`, `Configure: ${widget.name}`, theme)}</li>`,
  )
  .join("")}
</ul>
<form action="/work-item" method="get" style="margin-top:8px">Open work item <input name="id" inputmode="numeric" size="6" aria-label="Work item id"> <input type="hidden" name="theme" value="${theme}"><button class="harness-button" type="submit">Open</button></form>
</div>
<div class="card"><h2>Work items with artifact links</h2>${workItemsHtml}</div>
<div class="card"><h2>Connection</h2><ul class="plain">
<li>Organisation root: <code>${escapeHtml(upstream.organizationRoot)}</code></li>
<li>Release root: <code>${escapeHtml(upstream.releaseRoot)}</code></li>
<li>Project: <code>${escapeHtml(project.name)}</code> <span class="muted">(${escapeHtml(project.id)})</span></li>
<li>Extension origin (baseUri): <code>${escapeHtml(extensionOrigin)}/</code></li>
<li>Distribution: <code>${escapeHtml(distDir)}</code> ${existsSync(distDir) ? "" : '<b class="wi-error">missing: run npm run build</b>'}</li>
</ul></div>
</div>`;
    return renderPage({
      title: "Overview",
      chrome: chrome(theme),
      current: "index",
      crumbs: ["Overview"],
      body,
      config: pageConfig("index", theme, []),
    });
  };

  const notFound = (response: ServerResponse, theme: ThemeName, message: string) =>
    sendHtml(
      response,
      404,
      renderPage({
        title: "Not found",
        chrome: chrome(theme),
        current: "index",
        crumbs: ["Not found"],
        body: `<div class="page"><h1>Not found</h1><p>${escapeHtml(message)}</p></div>`,
        config: pageConfig("index", theme, []),
      }),
    );

  const handleHost = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", hostOrigin);
    const path = url.pathname;
    const theme = parseThemeName(url.searchParams.get("theme"));
    const variantParam = url.searchParams.get("host-variant");
    const hostVariant =
      variantParam === null ? options.hostVariant : parseHostVariant(variantParam);
    if (!hostVariant && variantParam !== null) {
      return notFound(response, theme, `Host variants: ${HOST_VARIANTS.join(", ")}.`);
    }
    const variant = { hostVariant: hostVariant ?? "current" };

    if (
      options.realOrganization &&
      (path.startsWith(ORG_PROXY) || path.startsWith(RELEASE_PROXY))
    ) {
      const release = path.startsWith(RELEASE_PROXY);
      await forwardToOrganization({
        request,
        response,
        targetRoot: release ? upstream.releaseRoot : upstream.organizationRoot,
        rest: `${path.slice((release ? RELEASE_PROXY : ORG_PROXY).length)}${url.search}`,
        upstream,
        allowedOrigin: extensionOrigin,
        sessionToken: accessToken,
      });
      return;
    }
    if (path.startsWith("/_harness/client/") && request.method === "GET") {
      const source = clientModules.get(path.slice("/_harness/client/".length));
      if (!source) return void response.writeHead(404).end();
      response
        .writeHead(200, {
          "Content-Type": "text/javascript; charset=utf-8",
          "Cache-Control": "no-store",
        })
        .end(source);
      return;
    }
    const themeCss = /^\/_harness\/theme-(light|dark)\.css$/.exec(path);
    if (themeCss) {
      const variables = THEMES[themeCss[1] as ThemeName];
      response
        .writeHead(200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-store" })
        .end(
          `:root{${Object.entries(variables)
            .map(([name, value]) => `--${name}:${value}`)
            .join(";")}}`,
        );
      return;
    }
    if (path === "/_harness/api/extension-data" && request.method === "POST") {
      try {
        const body = (await readJsonBody(request)) as ExtensionDataRequest;
        const answer = (one: ExtensionDataRequest) =>
          serviceData?.forwards(one) ? serviceData.handle(one) : store.handle(one);
        const result =
          body.op === "queryCollections"
            ? (await Promise.all(splitCollectionQuery(body).map(answer))).flat()
            : await answer(body);
        sendJson(response, 200, { result });
      } catch (error) {
        if (error instanceof ExtensionDataError) {
          sendJson(response, error.status, { message: error.message, typeKey: error.typeKey });
        } else {
          sendJson(response, 400, { message: (error as Error).message });
        }
      }
      return;
    }
    if (path === "/_harness/api/widget-settings" && request.method === "POST") {
      const body = (await readJsonBody(request)) as {
        widgetContributionId?: string;
        customSettings?: { data?: unknown };
      };
      const widget = body.widgetContributionId
        ? findContribution(manifest, body.widgetContributionId)
        : undefined;
      if (!widget || widget.type !== WIDGET_TYPE || typeof body.customSettings !== "object") {
        sendJson(response, 400, { message: "unknown widget or missing customSettings" });
        return;
      }
      const result = store.handle({
        op: "setDocument",
        collectionName: WIDGET_SETTINGS_COLLECTION,
        doc: { id: widget.id, __etag: -1, customSettings: body.customSettings },
      });
      sendJson(response, 200, { result });
      return;
    }
    const workItemApi = /^\/_harness\/api\/work-item\/(\d+)$/.exec(path);
    if (workItemApi) {
      try {
        sendJson(response, 200, await fetchWorkItem(Number(workItemApi[1])));
      } catch (error) {
        sendJson(response, error instanceof UpstreamError ? error.status : 502, {
          message: (error as Error).message,
        });
      }
      return;
    }
    if (request.method !== "GET") {
      response.writeHead(405).end();
      return;
    }

    if (path === "/") {
      sendHtml(response, 200, await indexPage(theme));
      return;
    }
    if (path === "/hub") {
      const hubs = contributionsOfType(manifest, HUB_TYPE);
      const wanted = url.searchParams.get("contribution");
      const hub = wanted ? hubs.find((candidate) => candidate.id === wanted) : hubs[0];
      if (!hub) return notFound(response, theme, "The manifest has no such hub contribution.");
      const frame = frameFor(hub, "hub");
      sendHtml(
        response,
        200,
        renderPage({
          title: hub.name,
          chrome: chrome(theme),
          current: "hub",
          crumbs: ["Pipelines", hub.name],
          body: hubBody(frame),
          config: pageConfig("hub", theme, [frame], variant),
        }),
      );
      return;
    }
    if (path === "/work-item") {
      const id = Number(url.searchParams.get("id"));
      response
        .writeHead(302, {
          Location:
            Number.isInteger(id) && id > 0 ? `/work-item/${id}?theme=${theme}` : `/?theme=${theme}`,
        })
        .end();
      return;
    }
    const workItemPage = /^\/work-item\/(\d+)$/.exec(path);
    if (workItemPage) {
      let item: WorkItemSpec;
      try {
        item = await fetchWorkItem(Number(workItemPage[1]));
      } catch (error) {
        return notFound(response, theme, (error as Error).message);
      }
      const groups = manifest.contributions
        .filter(
          (contribution) =>
            contribution.type === WORK_ITEM_GROUP_TYPE || contribution.type === WORK_ITEM_PAGE_TYPE,
        )
        .map((contribution) => ({ contribution, frame: frameFor(contribution, "form-group") }));
      sendHtml(
        response,
        200,
        renderPage({
          title: `${item.id} ${String(item.fields["System.Title"] ?? "")}`,
          chrome: chrome(theme),
          current: "work-item",
          crumbs: ["Boards", `Work item ${item.id}`],
          body: workItemBody(item, groups),
          config: pageConfig(
            "work-item",
            theme,
            groups.map((group) => group.frame),
            { workItem: item, ...variant },
          ),
        }),
      );
      return;
    }
    if (path === "/dashboard") {
      const sections = contributionsOfType(manifest, WIDGET_TYPE).map((widget) => {
        const customSettings = storedWidgetSettings(widget);
        return {
          widget,
          configureHref: widget.configurationId
            ? `/dashboard/configure/${encodeURIComponent(widget.id)}`
            : undefined,
          frames: widget.supportedSizes.map((size) => ({
            size,
            frame: frameFor(widget, "widget", {
              widgetSettings: { name: widget.name, size, customSettings },
            }),
          })),
        };
      });
      sendHtml(
        response,
        200,
        renderPage({
          title: "Dashboard",
          chrome: chrome(theme),
          current: "dashboard",
          crumbs: ["Overview", "Dashboards", "Release Trace"],
          body: dashboardBody(sections, theme),
          config: pageConfig(
            "dashboard",
            theme,
            sections.flatMap((section) => section.frames.map(({ frame }) => frame)),
            variant,
          ),
        }),
      );
      return;
    }
    const configurePage = /^\/dashboard\/configure\/([^/]+)$/.exec(path);
    if (configurePage) {
      const widget = findContribution(manifest, decodeURIComponent(configurePage[1]));
      const configuration =
        widget?.configurationId !== undefined
          ? findContribution(manifest, widget.configurationId)
          : undefined;
      if (
        !widget ||
        widget.type !== WIDGET_TYPE ||
        !configuration ||
        configuration.type !== WIDGET_CONFIG_TYPE
      ) {
        return notFound(response, theme, "No configurable widget with that id in the manifest.");
      }
      const size = parseSize(url.searchParams.get("size"), widget.supportedSizes);
      if (!size) {
        return notFound(
          response,
          theme,
          `Supported sizes: ${widget.supportedSizes.map(sizeLabel).join(", ")}`,
        );
      }
      const settings = { name: widget.name, size, customSettings: storedWidgetSettings(widget) };
      const preview = frameFor(widget, "widget-preview", { widgetSettings: settings });
      const configFrame = frameFor(configuration, "widget-config", {
        widgetSettings: settings,
        previewElementId: preview.elementId,
      });
      sendHtml(
        response,
        200,
        renderPage({
          title: `Configure ${widget.name}`,
          chrome: chrome(theme),
          current: "dashboard",
          crumbs: ["Dashboards", `Configure ${widget.name}`],
          body: configureBody({ widget, configuration, preview, configFrame, size, theme }),
          config: pageConfig("configure", theme, [preview, configFrame], {
            widgetContributionId: widget.id,
            ...variant,
          }),
        }),
      );
      return;
    }
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    if (path === "/_harness/health") {
      sendJson(response, 200, { ok: true });
      return;
    }
    notFound(response, theme, `No harness page at ${path}.`);
  };

  const hostServer = createServer((request, response) => {
    handleHost(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { message: (error as Error).message });
      } else {
        response.end();
      }
    });
  });

  const extPort = await listen(extensionServer, options.extPort ?? 0);
  const hostPort = await listen(hostServer, options.hostPort ?? 0);
  extensionOrigin = `http://127.0.0.1:${extPort}`;
  hostOrigin = `http://127.0.0.1:${hostPort}`;

  return {
    url: hostOrigin,
    extensionUrl: extensionOrigin,
    manifest,
    close: async () => {
      await Promise.all([closeServer(hostServer), closeServer(extensionServer)]);
    },
  };
}
