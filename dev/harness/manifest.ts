/** Reads vss-extension.json: the harness knows contributions only through the manifest. */
import { readFileSync } from "node:fs";

export const HUB_TYPE = "ms.vss-web.hub";
export const WORK_ITEM_GROUP_TYPE = "ms.vss-work-web.work-item-form-group";
export const WORK_ITEM_PAGE_TYPE = "ms.vss-work-web.work-item-form-page";
export const WIDGET_TYPE = "ms.vss-dashboards-web.widget";
export const WIDGET_CONFIG_TYPE = "ms.vss-dashboards-web.widget-configuration";

export interface WidgetSize {
  rowSpan: number;
  columnSpan: number;
}

export interface HarnessContribution {
  /** Short id as written in the manifest, e.g. "release-trace-hub". */
  id: string;
  /** Fully-qualified id, publisher.extension.id, as the real host hands it to the SDK. */
  fullId: string;
  type: string;
  name: string;
  /** Path relative to the extension's baseUri, e.g. "dist/hub/hub.html". */
  uri: string;
  height?: number;
  supportedSizes: WidgetSize[];
  /** For widgets: the short id of the configuration contribution (from a ".<id>" target). */
  configurationId?: string;
  properties: Record<string, unknown>;
}

export interface HarnessManifest {
  publisherId: string;
  extensionId: string;
  /** publisher.extension */
  fullExtensionId: string;
  version: string;
  name: string;
  contributions: HarnessContribution[];
}

interface RawContribution {
  id?: unknown;
  type?: unknown;
  targets?: unknown;
  properties?: Record<string, unknown>;
}

function asString(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new Error(`vss-extension.json: ${what} must be a non-empty string`);
  }
  return value;
}

function readSizes(value: unknown): WidgetSize[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (size): size is WidgetSize =>
        typeof size === "object" &&
        size !== null &&
        typeof (size as WidgetSize).rowSpan === "number" &&
        typeof (size as WidgetSize).columnSpan === "number",
    )
    .map((size) => ({ rowSpan: size.rowSpan, columnSpan: size.columnSpan }));
}

export function loadManifest(manifestPath: string): HarnessManifest {
  const raw = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
  const publisherId = asString(raw.publisher, "publisher");
  const extensionId = asString(raw.id, "id");
  const rawContributions = Array.isArray(raw.contributions)
    ? (raw.contributions as RawContribution[])
    : [];
  const contributions = rawContributions.map((contribution, index): HarnessContribution => {
    const id = asString(contribution.id, `contributions[${index}].id`);
    const properties = contribution.properties ?? {};
    const targets = Array.isArray(contribution.targets) ? contribution.targets : [];
    // A widget names its configuration contribution with a relative target ".<config-id>".
    const relativeTarget = targets.find(
      (target): target is string => typeof target === "string" && target.startsWith("."),
    );
    return {
      id,
      fullId: `${publisherId}.${extensionId}.${id}`,
      type: asString(contribution.type, `contributions[${index}].type`),
      name: typeof properties.name === "string" ? properties.name : id,
      uri: typeof properties.uri === "string" ? properties.uri : "",
      height: typeof properties.height === "number" ? properties.height : undefined,
      supportedSizes: readSizes(properties.supportedSizes),
      configurationId: relativeTarget ? relativeTarget.slice(1) : undefined,
      properties,
    };
  });
  return {
    publisherId,
    extensionId,
    fullExtensionId: `${publisherId}.${extensionId}`,
    version: typeof raw.version === "string" ? raw.version : "0.0.0",
    name: typeof raw.name === "string" ? raw.name : extensionId,
    contributions,
  };
}

export function contributionsOfType(
  manifest: HarnessManifest,
  type: string,
): HarnessContribution[] {
  return manifest.contributions.filter((contribution) => contribution.type === type);
}

export function findContribution(
  manifest: HarnessManifest,
  id: string,
): HarnessContribution | undefined {
  return manifest.contributions.find(
    (contribution) => contribution.id === id || contribution.fullId === id,
  );
}
