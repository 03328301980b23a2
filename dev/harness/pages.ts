/** Server-rendered host pages. All dynamic text goes through `escapeHtml`; frames get no src here. */
import {
  DETAIL_FIELDS,
  fieldText,
  type FrameSpec,
  type HostPageConfig,
  type WorkItemSpec,
} from "./client/config";
import type { HarnessContribution, WidgetSize } from "./manifest";
import type { ThemeName } from "./themes";

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON inside <script type="application/json">: "<" escaped so no text can close the tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, " ");
}

export const CELL = 160;
export const GAP = 10;
export const widgetPixels = (size: WidgetSize) => ({
  width: size.columnSpan * CELL + (size.columnSpan - 1) * GAP,
  height: size.rowSpan * CELL + (size.rowSpan - 1) * GAP,
});
export const sizeLabel = (size: WidgetSize) => `${size.columnSpan}×${size.rowSpan}`;

const CHROME_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;
 font-size:14px;background:rgba(var(--palette-neutral-2),1);color:var(--text-primary-color);display:flex;flex-direction:column}
html[data-theme=dark] body{background:rgba(22,21,20,1)}
a{color:var(--communication-foreground)}
.harness-bar{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;flex:none;
 background:var(--background-color);border-bottom:1px solid rgba(var(--palette-neutral-8),1)}
.harness-brand{font-weight:600;color:var(--communication-foreground);text-decoration:none}
.harness-crumbs{color:var(--text-secondary-color);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.harness-crumbs b{color:var(--text-primary-color);font-weight:600}
.harness-nav{display:flex;gap:4px;margin-left:auto}
.harness-nav a,.harness-button{display:inline-flex;align-items:center;height:32px;padding:0 12px;border-radius:2px;
 border:1px solid transparent;background:transparent;color:var(--text-primary-color);text-decoration:none;font:inherit;cursor:pointer}
.harness-nav a:hover,.harness-button:hover{background:var(--palette-black-alpha-6)}
.harness-nav a[aria-current=page]{background:var(--palette-black-alpha-10);font-weight:600}
.harness-button{border-color:rgba(var(--palette-neutral-20),1)}
.harness-button.primary{background:var(--communication-background);border-color:var(--communication-background);color:var(--text-on-communication-background)}
.harness-button.primary:hover{background:rgba(var(--palette-primary-darkened-6),1)}
.harness-status{height:24px;padding:0 16px;flex:none;font-size:12px;line-height:24px;color:var(--text-secondary-color);
 background:var(--background-color);border-top:1px solid rgba(var(--palette-neutral-8),1);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
main{flex:1;min-height:0;overflow:auto}
iframe{border:0;display:block;background:transparent}
.page{padding:24px 32px;max-width:1200px}
h1{font-size:20px;font-weight:600;margin:0 0 16px}
h2{font-size:16px;font-weight:600;margin:0}
.card{background:var(--background-color);border-radius:4px;box-shadow:0 1.6px 3.6px 0 var(--callout-shadow-color),0 0.3px 0.9px 0 var(--callout-shadow-secondary-color);padding:16px 20px;margin-bottom:16px}
.muted{color:var(--text-secondary-color)}
code{font-family:Consolas,"Courier New",monospace;font-size:13px}
ul.plain{list-style:none;padding:0;margin:8px 0}
ul.plain li{padding:4px 0}
.hub-frame{width:100%;height:100%;background:var(--background-color)}
.wi-header{background:var(--background-color);padding:16px 24px 12px;border-bottom:1px solid rgba(var(--palette-neutral-8),1)}
.wi-type{display:inline-block;border-left:4px solid rgba(0,156,204,1);padding-left:8px;font-size:12px;font-weight:600;text-transform:uppercase;color:var(--text-secondary-color)}
.wi-title-row{display:flex;align-items:baseline;gap:12px;margin:8px 0}
.wi-title{font-size:20px;font-weight:600;overflow-wrap:anywhere}
.wi-meta{display:flex;gap:24px;align-items:center;color:var(--text-secondary-color)}
.wi-meta b{color:var(--text-primary-color);font-weight:600}
.wi-actions{display:flex;gap:8px;margin-left:auto}
.wi-error{color:var(--status-error-text)}
.wi-body{display:grid;grid-template-columns:minmax(240px,1fr) minmax(360px,2fr);gap:16px;padding:16px 24px}
.wi-group{background:var(--background-color);border:1px solid rgba(var(--palette-neutral-8),1);border-radius:2px}
.wi-group>h3{font-size:14px;font-weight:600;margin:0;padding:10px 12px;border-bottom:1px solid rgba(var(--palette-neutral-8),1)}
.wi-group dl{margin:0;padding:8px 12px;display:grid;grid-template-columns:auto 1fr;gap:6px 16px}
.wi-group dt{color:var(--text-secondary-color)}
.wi-group dd{margin:0;overflow-wrap:anywhere}
.wi-group iframe{width:100%}
.dashboard{padding:16px 24px}
.widget-section{margin-bottom:24px}
.widget-section header{display:flex;align-items:center;gap:12px;margin-bottom:8px}
.widget-grid{display:flex;flex-wrap:wrap;align-items:flex-start;gap:${GAP}px}
.widget-cell{background:var(--background-color);border-radius:4px;overflow:hidden;
 box-shadow:0 1.6px 3.6px 0 var(--callout-shadow-color),0 0.3px 0.9px 0 var(--callout-shadow-secondary-color)}
.widget-caption{font-size:12px;color:var(--text-secondary-color);margin-top:4px}
.frame-status[data-status=failed]{color:var(--status-error-text)}
.configure{display:flex;height:100%}
.configure-preview{flex:1;padding:24px;overflow:auto}
.configure-panel{width:400px;flex:none;display:flex;flex-direction:column;background:var(--background-color);
 border-left:1px solid rgba(var(--palette-neutral-8),1);box-shadow:0 6.4px 14.4px 0 var(--panel-shadow-color)}
.configure-panel h2{padding:16px 20px 8px}
.configure-panel iframe{flex:1;width:calc(100% - 40px);margin:0 20px}
.configure-actions{display:flex;gap:8px;justify-content:flex-end;align-items:center;padding:12px 20px;border-top:1px solid rgba(var(--palette-neutral-8),1)}
.size-picker{display:flex;gap:8px;margin:8px 0 16px}
.size-picker a[aria-current=true]{border-color:var(--communication-background);background:var(--palette-black-alpha-6);font-weight:600}
`;

export interface ChromeContext {
  theme: ThemeName;
  organizationName: string;
  projectName: string;
  modeLabel: string;
}

function withTheme(href: string, theme: ThemeName): string {
  return `${href}${href.includes("?") ? "&" : "?"}theme=${theme}`;
}

export function link(href: string, text: string, theme: ThemeName, attributes = ""): string {
  return `<a data-harness-link href="${escapeHtml(withTheme(href, theme))}"${attributes}>${escapeHtml(text)}</a>`;
}

export function renderPage(options: {
  title: string;
  chrome: ChromeContext;
  current: "index" | "hub" | "work-item" | "dashboard";
  crumbs: string[];
  body: string;
  config: HostPageConfig;
}): string {
  const { chrome } = options;
  const nav = (
    [
      ["/", "Overview", "index"],
      ["/hub", "Hub", "hub"],
      ["/dashboard", "Dashboard", "dashboard"],
    ] as const
  )
    .map(([href, text, key]) =>
      link(href, text, chrome.theme, key === options.current ? ' aria-current="page"' : ""),
    )
    .join("");
  const crumbs = [chrome.organizationName, chrome.projectName, ...options.crumbs]
    .map((crumb, index, all) =>
      index === all.length - 1 ? `<b>${escapeHtml(crumb)}</b>` : escapeHtml(crumb),
    )
    .join(" / ");
  const script = `<script type="application/json" id="harness-config">${scriptJson(options.config)}</script>
<script type="module" src="/_harness/client/host.js"></script>`;
  return `<!DOCTYPE html>
<html lang="en" data-theme="${chrome.theme}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)} · Azure DevOps host harness</title>
<link rel="stylesheet" href="/_harness/theme-${chrome.theme}.css" id="harness-theme-css">
<style>${CHROME_CSS}</style>
</head>
<body>
<div class="harness-bar">
  ${link("/", "Azure DevOps · harness", chrome.theme, ' class="harness-brand"')}
  <span class="harness-crumbs">${crumbs}</span>
  <nav class="harness-nav">${nav}</nav>
  <button type="button" class="harness-button" id="harness-theme-toggle">${chrome.theme === "dark" ? "Light theme" : "Dark theme"}</button>
</div>
<main>${options.body}</main>
<div class="harness-status"><span class="muted">${escapeHtml(chrome.modeLabel)} · last host call:</span> <span id="harness-last-action">none</span></div>
${script}
</body>
</html>`;
}

export function hubBody(frame: FrameSpec): string {
  return `<iframe class="hub-frame" id="${frame.elementId}" title="${escapeHtml(frame.contributionId)}"></iframe>`;
}

export function workItemBody(
  item: WorkItemSpec,
  groups: Array<{ frame: FrameSpec; contribution: HarnessContribution }>,
): string {
  const artifactLinks = item.relations.filter((relation) => relation.rel === "ArtifactLink").length;
  const details = DETAIL_FIELDS.map(
    ([label, name]) =>
      `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(fieldText(item.fields[name]) || "—")}</dd>`,
  ).join("");
  const groupBoxes = groups
    .map(
      ({ frame, contribution }) => `<section class="wi-group">
  <h3>${escapeHtml(contribution.name)} <span class="frame-status muted" data-status-for="${frame.elementId}"></span></h3>
  <iframe id="${frame.elementId}" title="${escapeHtml(contribution.name)}" style="height:${contribution.height ?? 300}px"></iframe>
</section>`,
    )
    .join("");
  return `<div class="wi-header">
  <span class="wi-type" id="wi-type"></span>
  <div class="wi-title-row"><span class="muted" id="wi-id"></span><span class="wi-title" id="wi-title"></span>
   <span class="wi-dirty muted" id="wi-dirty"></span>
   <span class="wi-actions"><button type="button" class="harness-button" id="wi-refresh">Refresh</button>
   <button type="button" class="harness-button primary" id="wi-save">Save</button>
   <input id="wi-next-id" inputmode="numeric" size="6" aria-label="Next work item id">
   <button type="button" class="harness-button" id="wi-next">Open in this form</button>
   <button type="button" class="harness-button" id="wi-unload">Unload</button></span></div>
  <div class="wi-meta"><span>State <b id="wi-state"></b></span><span id="wi-links">Links <b>${item.relations.length}</b> (${artifactLinks} artifact)</span>
   <span class="wi-error" id="wi-error" role="alert"></span></div>
</div>
<div class="wi-body">
  <section class="wi-group"><h3>Details</h3><dl id="wi-details">${details}</dl></section>
  <div>${groupBoxes}</div>
</div>`;
}

export function dashboardBody(
  sections: Array<{
    widget: HarnessContribution;
    frames: Array<{ frame: FrameSpec; size: WidgetSize }>;
    configureHref?: string;
  }>,
  theme: ThemeName,
): string {
  const html = sections.map(({ widget, frames, configureHref }) => {
    const cells = frames
      .map(({ frame, size }) => {
        const { width, height } = widgetPixels(size);
        return `<div><div class="widget-cell" style="width:${width}px;height:${height}px">
  <iframe id="${frame.elementId}" title="${escapeHtml(`${widget.name} ${sizeLabel(size)}`)}" style="width:${width}px;height:${height}px"></iframe></div>
  <div class="widget-caption">${sizeLabel(size)} · <span class="frame-status" data-status-for="${frame.elementId}">loading</span></div></div>`;
      })
      .join("");
    const configure = configureHref
      ? link(configureHref, "Configure", theme, ' class="harness-button" data-configure')
      : "";
    return `<section class="widget-section" data-widget="${escapeHtml(widget.id)}">
  <header><h2>${escapeHtml(widget.name)}</h2>${configure}</header>
  <div class="widget-grid">${cells}</div>
</section>`;
  });
  return `<div class="dashboard">${html.join("") || '<p class="muted">The manifest has no widget contributions.</p>'}</div>`;
}

export function configureBody(options: {
  widget: HarnessContribution;
  configuration: HarnessContribution;
  preview: FrameSpec;
  configFrame: FrameSpec;
  size: WidgetSize;
  theme: ThemeName;
}): string {
  const { width, height } = widgetPixels(options.size);
  const sizes = options.widget.supportedSizes
    .map((size) =>
      link(
        `/dashboard/configure/${encodeURIComponent(options.widget.id)}?size=${size.columnSpan}x${size.rowSpan}`,
        sizeLabel(size),
        options.theme,
        ` class="harness-button"${size.columnSpan === options.size.columnSpan && size.rowSpan === options.size.rowSpan ? ' aria-current="true"' : ""}`,
      ),
    )
    .join("");
  return `<div class="configure">
  <div class="configure-preview">
    <h1>${escapeHtml(options.widget.name)} <span class="muted">· live preview</span></h1>
    <div class="size-picker">${sizes}</div>
    <div class="widget-cell" style="width:${width}px;height:${height}px">
      <iframe id="${options.preview.elementId}" title="Preview of ${escapeHtml(options.widget.name)}" style="width:${width}px;height:${height}px"></iframe>
    </div>
    <div class="widget-caption">Preview · <span class="frame-status" data-status-for="${options.preview.elementId}">loading</span></div>
  </div>
  <aside class="configure-panel">
    <h2>${escapeHtml(options.configuration.name)}</h2>
    <div class="widget-caption" style="padding:0 20px 8px"><span class="frame-status" data-status-for="${options.configFrame.elementId}">loading</span></div>
    <iframe id="${options.configFrame.elementId}" title="${escapeHtml(options.configuration.name)}"></iframe>
    <div class="configure-actions"><span id="config-save-status" class="muted" role="status"></span>
      ${link("/dashboard", "Close", options.theme, ' class="harness-button"')}
      <button type="button" class="harness-button primary" id="config-save">Save</button></div>
  </aside>
</div>`;
}
