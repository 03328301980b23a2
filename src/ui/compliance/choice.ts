/** The baseline choice alone (no parser): settings and pickers import this, not baseline.ts. */
export const DEFAULT_BASELINE_PATH = "/compliance/baseline.yml";

/** Which baseline a scan uses: the built-in one, or a file in a repository of the project. */
export type BaselineChoice =
  | { kind: "built-in" }
  | { kind: "repository"; repositoryId: string; repositoryName: string; path: string };

export const builtInChoice: BaselineChoice = { kind: "built-in" };

/** A stored or configured choice, checked field by field; anything else is the built-in one. */
export function readBaselineChoice(value: unknown): { choice: BaselineChoice; problem?: string } {
  if (value === undefined || value === null) return { choice: builtInChoice };
  const raw = value as Partial<Record<string, unknown>>;
  if (raw.kind === "built-in") return { choice: builtInChoice };
  if (
    raw.kind === "repository" &&
    typeof raw.repositoryId === "string" &&
    raw.repositoryId !== "" &&
    typeof raw.path === "string" &&
    raw.path.trim() !== ""
  ) {
    return {
      choice: {
        kind: "repository",
        repositoryId: raw.repositoryId,
        repositoryName: typeof raw.repositoryName === "string" ? raw.repositoryName : "",
        path: raw.path,
      },
    };
  }
  return {
    choice: builtInChoice,
    problem: "The saved baseline choice could not be read; using the built-in baseline.",
  };
}

export function describeChoice(choice: BaselineChoice): string {
  return choice.kind === "built-in"
    ? "Built-in baseline"
    : `${choice.path} in ${choice.repositoryName || choice.repositoryId}`;
}

/** A path as Azure DevOps names items: one leading slash, no trailing one. */
export function normalizePath(path: string): string {
  return `/${path.trim().replace(/^\/+/, "").replace(/\/+$/, "")}`;
}
