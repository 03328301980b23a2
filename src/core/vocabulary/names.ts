/**
 * How names compare and how runs and stages are named to users. Azure DevOps treats project,
 * pipeline, environment, stage and ref names case-insensitively, so every comparison folds case.
 */

/** The form two names are compared in: trimmed, Unicode-normalised, lower case. */
export function foldName(name: string): string {
  return name.normalize("NFC").trim().toLowerCase();
}

/** Do two display names (environment, stage, pipeline, project) name the same thing? */
export function sameDisplayName(left: string, right: string): boolean {
  return foldName(left) === foldName(right);
}

/** `main` → `refs/heads/main`; full refs (`refs/…`) stay as they are. */
export function fullRefName(ref: string): string {
  const trimmed = ref.trim();
  return trimmed.startsWith("refs/") ? trimmed : `refs/heads/${trimmed}`;
}

/** `refs/heads/release/1.0` → `release/1.0`; `refs/tags/v1` → `v1`; other refs unchanged. */
export function shortRefName(ref: string): string {
  return ref.trim().replace(/^refs\/(heads|tags)\//i, "");
}

/** Do two ref names name the same ref? `main` and `refs/heads/Main` do (refs fold case). */
export function sameRefName(left: string, right: string): boolean {
  return foldName(fullRefName(left)) === foldName(fullRefName(right));
}

/**
 * What users call a run: its run number (`20261202.1`). The id is for links and JSON only; it is
 * shown (as `#1100`) only when the number is not known.
 */
export function runName(run: { id: number; number?: string; name?: string }): string {
  const number = run.number ?? run.name;
  return number !== undefined && number.trim() !== "" ? number : `#${run.id}`;
}

/**
 * What users call a stage: its display name (`Deploy to Test`), never its identifier
 * (`DeployTest`) unless it has no display name.
 */
export function stageName(stage: {
  name?: string;
  displayName?: string;
  identifier?: string;
}): string {
  const name = stage.displayName ?? stage.name;
  return name !== undefined && name.trim() !== "" ? name : (stage.identifier ?? "");
}

/** The link type a tester or "create work item on failure" sets: where a problem was seen. */
export const FOUND_IN_BUILD_LINK = "Found in build";

/**
 * The run a work item's build link says carried it ("Integrated in build", "Build"), or
 * undefined. A "Found in build" link says where a problem was seen, not what delivered the item.
 */
export function deliveringBuildId(relation: {
  name?: string;
  artifact?: { kind: string; buildId?: number };
}): number | undefined {
  if (relation.artifact?.kind !== "build") return undefined;
  if (foldName(relation.name ?? "") === foldName(FOUND_IN_BUILD_LINK)) return undefined;
  return relation.artifact.buildId;
}
