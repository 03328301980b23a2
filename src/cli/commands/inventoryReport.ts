import type {
  Inventory,
  InventoryCounts,
  InventoryItem,
  InventoryNotAvailable,
} from "../../core/inventory";
import { inventoryItems } from "../../core/inventory";
import { plainSentence } from "../../core/sources";
import type { CallStats } from "../../adapters/ado";
import { renderTable } from "../output";

type Reported<T> = T extends { available: true; value: infer V } ? V : never;

/**
 * The JSON contract of `inventory --format json`. schemaVersion 2: a `notAvailable` entry is the
 * one not-available model (`what`, `kind`, `reason`, `status`), keyed by `item`.
 */
export interface InventoryReport {
  schemaVersion: 2;
  organization: string;
  project: string;
  counts: { [Item in InventoryItem]: Reported<InventoryCounts[Item]> | "not-available" };
  notAvailable: InventoryNotAvailable[];
  restCalls: { total: number; byArea: Record<string, number>; retries: number };
}

export function inventoryReport(
  inventory: Inventory,
  organization: string,
  calls: CallStats,
): InventoryReport {
  const { counts } = inventory;
  const valueOf = <T>(counted: { available: true; value: T } | { available: false }) =>
    counted.available ? counted.value : ("not-available" as const);
  return {
    schemaVersion: 2,
    organization,
    project: inventory.project.name,
    counts: {
      repositories: valueOf(counts.repositories),
      policyConfigurations: valueOf(counts.policyConfigurations),
      pipelines: valueOf(counts.pipelines),
      environments: valueOf(counts.environments),
      releaseDefinitions: valueOf(counts.releaseDefinitions),
      releases: valueOf(counts.releases),
      workItems: valueOf(counts.workItems),
    },
    notAvailable: inventory.notAvailable,
    restCalls: { total: calls.total, byArea: { ...calls.byArea }, retries: calls.retries },
  };
}

const labels: Record<InventoryItem, string> = {
  repositories: "Repositories",
  policyConfigurations: "Policy configurations",
  pipelines: "Pipelines",
  environments: "Environments",
  releaseDefinitions: "Release definitions",
  releases: "Releases",
  workItems: "Work items",
};

/** One plain sentence: "Azure DevOps did not answer for the environments (no permission)." */
export function describeUnavailable(entry: InventoryNotAvailable): string {
  return plainSentence(entry);
}

function detailOf(report: InventoryReport, item: InventoryItem): string {
  const { counts } = report;
  switch (item) {
    case "repositories":
      return counts.repositories === "not-available"
        ? ""
        : `${counts.repositories.disabled} disabled, ${counts.repositories.empty} empty`;
    case "policyConfigurations":
      return counts.policyConfigurations === "not-available"
        ? ""
        : `${counts.policyConfigurations.enabled} enabled, ${counts.policyConfigurations.blocking} blocking`;
    case "pipelines":
      return counts.pipelines === "not-available"
        ? ""
        : `${counts.pipelines.yaml} YAML, ${counts.pipelines.classic} Classic`;
    default:
      return "";
  }
}

function totalOf(value: number | { total: number } | "not-available"): string {
  if (value === "not-available") return "n/a";
  return String(typeof value === "number" ? value : value.total);
}

/** The human-readable form: one row per item, then the REST call summary. */
export function inventoryTable(report: InventoryReport): string {
  const rows = inventoryItems.map((item) => {
    const value = report.counts[item];
    const unavailable = report.notAvailable.find((entry) => entry.item === item);
    const detail = unavailable
      ? `not available: ${plainSentence(unavailable)}`
      : detailOf(report, item);
    return [labels[item], totalOf(value), detail];
  });
  const areas = Object.entries(report.restCalls.byArea)
    .filter(([, calls]) => calls > 0)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([area, calls]) => `${area} ${calls}`)
    .join(", ");
  const retries = report.restCalls.retries;
  return (
    `Organization: ${report.organization}\nProject:      ${report.project}\n\n` +
    renderTable(["Item", "Count", "Detail"], rows, ["left", "right", "left"]) +
    `\nREST calls: ${report.restCalls.total} (${areas || "none"}); ${retries} ${retries === 1 ? "retry" : "retries"}\n`
  );
}
