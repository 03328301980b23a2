/** The "Deployed where" matrix: pipelines (rows) × environments (columns), filtered. */
import type { DeploymentSubject } from "../../core/trace/contents";
import type { DeployedCell, DeployedMatrix } from "../../core/trace/types";
import {
  DEFAULT_PRODUCTION,
  isProductionName,
  type ProductionPattern,
} from "../../core/vocabulary/production";

export interface EnvironmentColumn {
  /** Lower-case name: a YAML environment and a Classic stage of the same name share a column. */
  key: string;
  name: string;
  production: boolean;
}

export interface PipelineRow {
  /** `kind|pipeline name`. */
  key: string;
  pipeline: string;
  kind: "yaml" | "classic";
  cells: Map<string, DeployedCell>;
}

export interface DeployedGrid {
  rows: PipelineRow[];
  columns: EnvironmentColumn[];
}

export interface DeployedFilters {
  /** Pipeline name contains (case-insensitive). */
  pipeline: string;
  kind: "all" | "yaml" | "classic";
  /** Environment name contains (case-insensitive); hides the other columns. */
  environment: string;
  /** Only the rows with an environment where nothing runs, or a newer attempt did not (yet) deploy. */
  problemsOnly: boolean;
}

export const noDeployedFilters: DeployedFilters = {
  pipeline: "",
  kind: "all",
  environment: "",
  problemsOnly: false,
};

export function columnKey(environment: string): string {
  return environment.trim().toLowerCase();
}

export function rowKeyOf(cell: { kind: string; pipeline: string }): string {
  return `${cell.kind}|${cell.pipeline}`;
}

export function buildGrid(
  matrix: DeployedMatrix,
  production: ProductionPattern = DEFAULT_PRODUCTION,
): DeployedGrid {
  const columns = new Map<string, EnvironmentColumn>();
  const rows = new Map<string, PipelineRow>();
  for (const cell of matrix.cells) {
    const key = columnKey(cell.environment);
    if (!columns.has(key))
      columns.set(key, {
        key,
        name: cell.environment,
        production: isProductionName(cell.environment, production),
      });
    const rowKey = rowKeyOf(cell);
    const row = rows.get(rowKey) ?? {
      key: rowKey,
      pipeline: cell.pipeline,
      kind: cell.kind,
      cells: new Map<string, DeployedCell>(),
    };
    // Two environments of one pipeline whose names differ only in case: keep the later deployment.
    const current = row.cells.get(key);
    if (!current || (cell.deployedAt ?? "") > (current.deployedAt ?? "")) row.cells.set(key, cell);
    rows.set(rowKey, row);
  }
  // The engine's delivery order (production last); a column it did not name goes at the end.
  const position = new Map(matrix.environments.map((name, index) => [columnKey(name), index]));
  const at = (column: EnvironmentColumn) => position.get(column.key) ?? position.size;
  return {
    rows: [...rows.values()].sort(
      (a, b) => a.pipeline.localeCompare(b.pipeline) || a.kind.localeCompare(b.kind),
    ),
    columns: [...columns.values()].sort((a, b) => at(a) - at(b) || a.name.localeCompare(b.name)),
  };
}

/** Nothing runs there, or a newer attempt has not (yet) replaced what does. */
export function isProblem(cell: DeployedCell): boolean {
  return cell.state === null || cell.latestAttempt !== undefined;
}

/** The part of a cell a user opens: what runs there, or the newer attempt. */
export type CellPart = "current" | "attempt";

/** The deployment a part of a cell stands for, for the contents panel. */
export function cellSubject(cell: DeployedCell, part: CellPart): DeploymentSubject | undefined {
  const source =
    part === "current"
      ? { runId: cell.runId, releaseId: cell.releaseId, name: cell.name }
      : cell.latestAttempt;
  if (!source) return undefined;
  const { environment } = cell;
  if (source.runId !== undefined)
    return { kind: "run", runId: source.runId, environment, name: source.name };
  if (source.releaseId !== undefined)
    return { kind: "release", releaseId: source.releaseId, environment, name: source.name };
  return undefined;
}

/**
 * The grid the filters and the column choice leave. `hidden`: the column keys the user chose not
 * to show (remembered per user).
 */
export function filterGrid(
  grid: DeployedGrid,
  filters: DeployedFilters,
  hidden: readonly string[] = [],
): DeployedGrid {
  const environment = filters.environment.trim().toLowerCase();
  const pipeline = filters.pipeline.trim().toLowerCase();
  const columns = grid.columns.filter(
    (column) =>
      !hidden.includes(column.key) &&
      (!environment || column.name.toLowerCase().includes(environment)),
  );
  const visible = new Set(columns.map((column) => column.key));
  const rows = grid.rows.filter((row) => {
    if (filters.kind !== "all" && row.kind !== filters.kind) return false;
    if (pipeline && !row.pipeline.toLowerCase().includes(pipeline)) return false;
    const shown = [...row.cells].filter(([key]) => visible.has(key)).map(([, cell]) => cell);
    if (shown.length === 0) return false;
    return !filters.problemsOnly || shown.some(isProblem);
  });
  return { rows, columns };
}

/** Production columns: pinned at the right of the matrix (they come last in delivery order). */
export function pinnedCount(columns: readonly EnvironmentColumn[]): number {
  let count = 0;
  while (count < columns.length && columns[columns.length - 1 - count].production) count++;
  return count;
}

/** The cells a filtered grid shows, in the engine's order (for exports of the view). */
export function visibleCells(grid: DeployedGrid): DeployedCell[] {
  const visible = new Set(grid.columns.map((column) => column.key));
  return grid.rows.flatMap((row) =>
    [...row.cells].filter(([key]) => visible.has(key)).map(([, cell]) => cell),
  );
}
