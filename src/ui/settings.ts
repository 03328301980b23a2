/** Widget settings: stored by the dashboard as `customSettings.data` (a JSON string). */
import { builtInChoice, readBaselineChoice, type BaselineChoice } from "./compliance/choice";
import { DEFAULT_REFRESH_MINUTES, MAX_REFRESH_MINUTES, MIN_REFRESH_MINUTES } from "./gates/refresh";

export interface GateTarget {
  kind: "yaml" | "classic";
  /** YAML pipeline (build definition) id or Classic release definition id. */
  id: number;
  /** Name at configuration time, shown while the live name loads. */
  name: string;
}

export interface GateWidgetSettings {
  /** Absent: the all-pipelines view (what waits for approval anywhere in the project). */
  target?: GateTarget;
  /** Stage keys to show (YAML stage identifier, Classic environment name); absent or empty: all. */
  stages?: string[];
  /** Minutes between refreshes; absent: DEFAULT_REFRESH_MINUTES. */
  refreshMinutes?: number;
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
  const problems: string[] = [];
  const settings: GateWidgetSettings = {};
  const target = raw.target as Partial<GateTarget> | undefined | null;
  if (target !== undefined && target !== null) {
    const valid =
      (target.kind === "yaml" || target.kind === "classic") &&
      typeof target.id === "number" &&
      Number.isInteger(target.id);
    if (valid)
      settings.target = { kind: target.kind!, id: target.id!, name: String(target.name ?? "") };
    else problems.push("The saved pipeline selection could not be read.");
  }
  if (raw.stages !== undefined) {
    if (Array.isArray(raw.stages) && raw.stages.every((stage) => typeof stage === "string")) {
      if (raw.stages.length > 0) settings.stages = raw.stages as string[];
    } else problems.push("The saved stage selection could not be read; showing every stage.");
  }
  if (raw.refreshMinutes !== undefined) {
    if (refreshMinutesProblem(raw.refreshMinutes) === undefined)
      settings.refreshMinutes = raw.refreshMinutes as number;
    else
      problems.push(
        `The saved refresh interval is not valid; refreshing every ${DEFAULT_REFRESH_MINUTES} minutes.`,
      );
  }
  return problems.length > 0 ? { settings, problem: problems.join(" ") } : { settings };
}

export function serializeGateSettings(settings: GateWidgetSettings): string {
  return JSON.stringify({
    ...(settings.target ? { target: settings.target } : {}),
    ...(settings.stages && settings.stages.length > 0 ? { stages: settings.stages } : {}),
    ...(settings.refreshMinutes !== undefined ? { refreshMinutes: settings.refreshMinutes } : {}),
  });
}

/** Why a refresh interval cannot be used, or undefined when it can. */
export function refreshMinutesProblem(value: unknown): string | undefined {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MIN_REFRESH_MINUTES ||
    value > MAX_REFRESH_MINUTES
  )
    return `Refresh every ${MIN_REFRESH_MINUTES} to ${MAX_REFRESH_MINUTES} minutes (a whole number): never more often than once a minute.`;
  return undefined;
}

/**
 * Why the gate widget cannot be saved with these settings, or undefined when it can. No target is
 * the all-pipelines view (what waits for approval anywhere in the project): a valid choice.
 */
export function gateSettingsProblem(settings: GateWidgetSettings): string | undefined {
  if (settings.refreshMinutes !== undefined) return refreshMinutesProblem(settings.refreshMinutes);
  return undefined;
}

export function refreshMinutesOf(settings: GateWidgetSettings): number {
  return settings.refreshMinutes ?? DEFAULT_REFRESH_MINUTES;
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

/** The windows the Delivery tab and widget offer, in days (the default is 30). */
export const DELIVERY_WINDOW_DAYS = [7, 14, 30, 90] as const;
export const DEFAULT_DELIVERY_WINDOW_DAYS = 30;

/** The delivery-metrics widget's settings. */
export interface DeliveryWidgetSettings {
  /** One pipeline or Classic release definition; absent: every one. */
  pipeline?: GateTarget;
  /** One environment (or Classic stage) by name; absent: production, by the project's pattern. */
  environment?: string;
  /** Days up to the end of today (UTC); absent: DEFAULT_DELIVERY_WINDOW_DAYS. */
  windowDays?: number;
}

function isWindowDays(value: unknown): value is number {
  return (DELIVERY_WINDOW_DAYS as readonly unknown[]).includes(value);
}

export function parseDeliverySettings(
  data: string | null | undefined,
): ParsedSettings<DeliveryWidgetSettings> {
  const raw = parseObject(data);
  if (!raw) return { settings: {}, problem: "The saved settings could not be read." };
  const problems: string[] = [];
  const settings: DeliveryWidgetSettings = {};
  const pipeline = raw.pipeline as Partial<GateTarget> | undefined | null;
  if (pipeline !== undefined && pipeline !== null) {
    if (
      (pipeline.kind === "yaml" || pipeline.kind === "classic") &&
      Number.isInteger(pipeline.id) &&
      typeof pipeline.name === "string" &&
      pipeline.name !== ""
    )
      settings.pipeline = { kind: pipeline.kind, id: pipeline.id!, name: pipeline.name };
    else problems.push("The saved pipeline could not be read; showing every pipeline.");
  }
  if (raw.environment !== undefined && raw.environment !== null) {
    if (typeof raw.environment === "string" && raw.environment.trim() !== "")
      settings.environment = raw.environment;
    else problems.push("The saved environment could not be read; showing production.");
  }
  if (raw.windowDays !== undefined) {
    if (isWindowDays(raw.windowDays)) settings.windowDays = raw.windowDays;
    else
      problems.push(
        `The saved window is not one offered; showing the last ${DEFAULT_DELIVERY_WINDOW_DAYS} days.`,
      );
  }
  return problems.length > 0 ? { settings, problem: problems.join(" ") } : { settings };
}

export function serializeDeliverySettings(settings: DeliveryWidgetSettings): string {
  return JSON.stringify({
    ...(settings.pipeline ? { pipeline: settings.pipeline } : {}),
    ...(settings.environment ? { environment: settings.environment } : {}),
    ...(settings.windowDays !== undefined ? { windowDays: settings.windowDays } : {}),
  });
}

export function deliveryWindowDaysOf(settings: DeliveryWidgetSettings): number {
  return settings.windowDays ?? DEFAULT_DELIVERY_WINDOW_DAYS;
}
