/** Shapes the harness server embeds in each host page (JSON in #harness-config). */

export type ThemeName = "light" | "dark";
export type ThemeData = Record<string, string>;

/**
 * How the host answers the handshake (see handshake.ts): "current" is what Azure DevOps Services
 * sends a 4.x SDK today; the others are shapes real hosts have sent.
 */
export const HOST_VARIANTS = [
  "current",
  "legacy",
  "legacy-no-context",
  "no-web-context",
  "empty-web-context",
] as const;
export type HostVariant = (typeof HOST_VARIANTS)[number];

/** One postMessage between the host and a frame, as it crossed the wire (`in` = frame to host). */
export interface WireRecord {
  /** Element id of the frame. */
  frame: string;
  direction: "in" | "out";
  /** Milliseconds since the host page script started. */
  at: number;
  /** The parsed message; absent when the data was not a JSON string (then `raw` says what came). */
  message?: {
    id?: unknown;
    methodName?: unknown;
    instanceId?: unknown;
    instanceContext?: unknown;
    params?: unknown;
    result?: unknown;
    error?: unknown;
    handshakeToken?: unknown;
    serializationSettings?: unknown;
  };
  raw?: string;
}

export type FrameRole = "hub" | "form-group" | "widget" | "widget-config" | "widget-preview";

export interface FrameSpec {
  /** DOM id of the iframe element the server rendered (without src). */
  elementId: string;
  role: FrameRole;
  contributionId: string;
  fullContributionId: string;
  /** Absolute URL on the extension origin. */
  src: string;
  initialConfig: Record<string, unknown>;
  /** Widgets: the settings passed to load(). Configs: the settings of the widget being edited. */
  widgetSettings?: WidgetSettingsSpec;
  /** Configuration page: element id of the live preview frame this config drives. */
  previewElementId?: string;
}

export interface WidgetSettingsSpec {
  name: string;
  size: { rowSpan: number; columnSpan: number };
  /** `data` is null for a widget that was never configured, as on a real dashboard. */
  customSettings: {
    data: string | null;
    version?: { major: number; minor: number; patch: number };
  };
}

/** The fields the work item page's Details box shows: label, reference name. */
export const DETAIL_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["Assigned to", "System.AssignedTo"],
  ["Area", "System.AreaPath"],
  ["Iteration", "System.IterationPath"],
  ["Reason", "System.Reason"],
  ["Changed", "System.ChangedDate"],
];

/** A field value as the form shows it (identities by display name). */
export function fieldText(value: unknown): string {
  if (value && typeof value === "object" && "displayName" in value) {
    return String((value as { displayName: unknown }).displayName);
  }
  return value === undefined || value === null ? "" : String(value);
}

export interface WorkItemSpec {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
  relations: Array<{ rel: string; url: string; attributes?: Record<string, unknown> }>;
}

export interface HostPageConfig {
  page: "index" | "hub" | "work-item" | "dashboard" | "configure";
  theme: ThemeName;
  hostVariant: HostVariant;
  themes: Record<ThemeName, ThemeData>;
  extensionOrigin: string;
  extension: {
    id: string;
    publisherId: string;
    extensionId: string;
    version: string;
    baseUri: string;
  };
  user: { id: string; name: string; displayName: string; descriptor: string; imageUrl: string };
  host: { id: string; name: string; serviceVersion: string; type: number; isHosted: boolean };
  project: { id: string; name: string };
  team: { id: string; name: string };
  /** Root every resource area resolves to (trailing slash). */
  organizationRoot: string;
  /** Root for the Classic release area (vsrm), trailing slash. */
  releaseRoot: string;
  accessToken: string;
  frames: FrameSpec[];
  workItem?: WorkItemSpec;
  /** Configure page: where Save stores the widget's settings. */
  widgetContributionId?: string;
}
