import { deployedCsv, deployedTableRows } from "../../core/report/trace";
import { deployedMatrix, type DeployedMatrix } from "../../core/trace";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import { checkProject, partialExit, queryError } from "./traceShared";

export const deployedCommand: CliCommand = {
  name: "deployed",
  summary:
    "What is deployed where: every pipeline (YAML and Classic) by environment, with the latest deployment.",
  formats: ["table", "json", "csv"],
  flags: ["pipeline"],
  async run({ connection, format, write, warn, flags }) {
    await checkProject(connection);
    let matrix: DeployedMatrix;
    try {
      matrix = await deployedMatrix(connection.sources, connection.project, {
        pipeline: flags.pipeline,
      });
    } catch (error) {
      throw queryError(error, "the deployments");
    }
    if (format === "json") write(toJson(matrix));
    else if (format === "csv") write(deployedCsv(matrix));
    else {
      const table = deployedTableRows(matrix);
      write(table.rows.length === 0 ? "No deployments.\n" : renderTable(table.header, table.rows));
    }
    return partialExit(matrix.notAvailable, warn);
  },
};
