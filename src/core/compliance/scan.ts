import type { GitRef } from "../model";
import { isSourceError, type Sources } from "../sources";
import type { Baseline } from "./baseline/types";
import { evaluateCompliance, type ComplianceEvaluation, type Unavailable } from "./evaluate";

export type ScanStep = "repositories" | "policies" | "refs" | "evaluate";

export interface ScanOptions {
  organization: string;
  project: string;
  baseline: Baseline;
  now: Date;
  onProgress?: (step: ScanStep, done: number, total: number) => void;
}

function reason(error: unknown): string {
  if (isSourceError(error)) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads what the baseline needs with the fewest calls — one repository listing, one policy
 * listing for the whole project, refs only when the baseline names patterns — and evaluates.
 * A repository listing that fails is fatal (there is nothing to evaluate); anything else
 * becomes `not-available` results with the reason.
 */
export async function scanCompliance(
  sources: Sources,
  options: ScanOptions,
): Promise<ComplianceEvaluation & { projectId: string }> {
  const { baseline, onProgress } = options;
  const project = await sources.core.getProject(options.project);
  onProgress?.("repositories", 0, 1);
  const repositories = await sources.git.listRepositories(project.id);
  onProgress?.("repositories", 1, 1);

  onProgress?.("policies", 0, 1);
  const policies = await sources.policy
    .listPolicyConfigurations(project.id)
    .catch((error: unknown): Unavailable => ({ unavailable: reason(error) }));
  onProgress?.("policies", 1, 1);

  const refs = new Map<string, GitRef[] | Unavailable>();
  const patterns = baseline.branches.filter((branch) => branch !== "default");
  if (patterns.length > 0) {
    // Ask only for branches when every pattern is a branch pattern (fewer refs to page through).
    const filter = patterns.every((pattern) => pattern.startsWith("refs/heads/"))
      ? "heads/"
      : undefined;
    const readable = repositories.filter(
      (repository) => !repository.isDisabled && repository.defaultBranch,
    );
    let done = 0;
    await Promise.all(
      readable.map(async (repository) => {
        const result = await sources.git
          .listRefs(project.id, repository.id, filter)
          .catch((error: unknown): Unavailable => ({ unavailable: reason(error) }));
        refs.set(repository.id, result);
        onProgress?.("refs", ++done, readable.length);
      }),
    );
  }

  onProgress?.("evaluate", 0, 1);
  const evaluation = evaluateCompliance({
    organization: options.organization,
    project,
    repositories,
    policies,
    refs,
    baseline,
    now: options.now,
  });
  onProgress?.("evaluate", 1, 1);
  return { ...evaluation, projectId: project.id };
}
