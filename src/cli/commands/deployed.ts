import { deployedCsv, deployedMarkdown, deployedTableRows } from "../../core/report/trace";
import { deployedMatrix, type DeployedMatrix } from "../../core/trace";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import { checkProject, partialExit, queryError } from "./traceShared";

export const deployedCommand: CliCommand = {
  name: "deployed",
  summary:
    "What runs where: every pipeline (YAML and Classic) by environment, with any newer attempt apart.",
  formats: ["table", "json", "csv", "md"],
  flags: ["pipeline"],
  async run({ connection, format, write, warn, flags, production }) {
    const project = await checkProject(connection);
    // Environments go in delivery order, production last: the pattern in force decides.
    const pattern = await production(project.id);
    let matrix: DeployedMatrix;
    try {
      matrix = await deployedMatrix(connection.sources, connection.project, {
        pipeline: flags.pipeline,
        production: pattern,
      });
    } catch (error) {
      throw queryError(error, "the deployments");
    }
    if (format === "json") write(toJson(matrix));
    else if (format === "csv") write(deployedCsv(matrix));
    else if (format === "md") write(deployedMarkdown(matrix));
    else {
      const table = deployedTableRows(matrix);
      const notes = table.notes.map((line) => `unknown: ${line}\n`).join("");
      write(
        table.rows.length === 0
          ? "No deployments.\n"
          : renderTable(table.header, table.rows) + (notes ? `\n${notes}` : ""),
      );
    }
    return partialExit(matrix.notAvailable, warn);
  },
};
