import { collectInventory, type Inventory } from "../../core/inventory";
import { projectLookupError } from "../connection";
import { ExitCode } from "../errors";
import { toJson } from "../output";
import type { CliCommand } from "./index";
import { describeUnavailable, inventoryReport, inventoryTable } from "./inventoryReport";

export const inventoryCommand: CliCommand = {
  name: "inventory",
  summary:
    "Count repositories, policies, pipelines, environments, releases and work items, and the REST calls that took.",
  async run({ connection, format, write, warn }) {
    let inventory: Inventory;
    try {
      inventory = await collectInventory(connection.sources, connection.project);
    } catch (error) {
      throw projectLookupError(error, connection);
    }
    const report = inventoryReport(inventory, connection.organization, connection.calls());
    write(format === "json" ? toJson(report) : inventoryTable(report));
    if (report.notAvailable.length === 0) return ExitCode.ok;
    for (const entry of report.notAvailable) warn(`not available: ${describeUnavailable(entry)}`);
    return ExitCode.partial;
  },
};
