/** Widget settings: stored by the dashboard as `customSettings.data` (a JSON string). */
import { builtInChoice, readBaselineChoice, type BaselineChoice } from "./compliance/choice";

export interface GateTarget {
  kind: "yaml" | "classic";
  /** YAML pipeline (build definition) id or Classic release definition id. */
  id: number;
  /** Name at configuration time, shown while the live name loads. */
  name: string;
}

export interface GateWidgetSettings {
  /** Absent: every pipeline and release definition of the project. */
  target?: GateTarget;
}

export interface ParsedSettings<T> {
  settings: T;
  /** Set when stored settings could not be read and defaults are used instead. */
  problem?: string;
}

/** A newly added widget has no settings yet: the dashboard sends `data: null`. */
function parseObject(data: string | null | undefined): Record<string, unknown> | undefined {
  if (data === undefined || data === null || data.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function parseGateSettings(
  data: string | null | undefined,
): ParsedSettings<GateWidgetSettings> {
  const raw = parseObject(data);
  if (!raw) return { settings: {}, problem: "The saved settings could not be read." };
  const target = raw.target as Partial<GateTarget> | undefined;
  if (target === undefined || target === null) return { settings: {} };
  const valid =
    (target.kind === "yaml" || target.kind === "classic") &&
    typeof target.id === "number" &&
    Number.isInteger(target.id);
  if (!valid) return { settings: {}, problem: "The saved pipeline selection could not be read." };
  return {
    settings: {
      target: { kind: target.kind!, id: target.id!, name: String(target.name ?? "") },
    },
  };
}

export function serializeGateSettings(settings: GateWidgetSettings): string {
  return JSON.stringify(settings.target ? { target: settings.target } : {});
}

/** The compliance widget's settings: which baseline its scan uses. */
export interface ComplianceWidgetSettings {
  baseline: BaselineChoice;
}

export function parseComplianceSettings(
  data: string | null | undefined,
): ParsedSettings<ComplianceWidgetSettings> {
  const raw = parseObject(data);
  const defaults: ComplianceWidgetSettings = { baseline: builtInChoice };
  if (!raw) return { settings: defaults, problem: "The saved settings could not be read." };
  // The first version saved {"baselineId": "built-in-default"}: the built-in baseline.
  if (raw.baseline === undefined) {
    if (raw.baselineId === undefined || raw.baselineId === "built-in-default")
      return { settings: defaults };
    return {
      settings: defaults,
      problem: "The saved baseline is unknown; using the built-in baseline.",
    };
  }
  const { choice, problem } = readBaselineChoice(raw.baseline);
  return { settings: { baseline: choice }, problem };
}

export function serializeComplianceSettings(settings: ComplianceWidgetSettings): string {
  return JSON.stringify({ baseline: settings.baseline });
}
