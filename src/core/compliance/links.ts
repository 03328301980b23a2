import type { ComplianceResult } from "./evaluate";

/**
 * Where in Azure DevOps a result is fixed, built from ids (each segment encoded): the branch
 * policy page for branch rules, the repository policies for repository rules, the environment
 * (its "Approvals and checks") and the Classic release definition. Undefined for the placeholder
 * target ("*") of data that could not be read.
 */
export function settingsLink(
  orgUrl: string,
  project: string,
  result: Pick<ComplianceResult, "target" | "branch">,
): string | undefined {
  const root = `${orgUrl.replace(/\/+$/, "")}/${encodeURIComponent(project)}`;
  const { target } = result;
  if (target.id === "*") return undefined;
  switch (target.kind) {
    case "repository": {
      const page = result.branch ? "policiesMid" : "policies";
      const refs = result.branch ? `&refs=${encodeURIComponent(result.branch)}` : "";
      return `${root}/_settings/repositories?repo=${encodeURIComponent(target.id)}&_a=${page}${refs}`;
    }
    case "environment":
      return `${root}/_environments/${encodeURIComponent(target.id)}`;
    case "release-stage": {
      const definitionId = target.id.split(":")[0];
      return `${root}/_release?_a=releases&definitionId=${encodeURIComponent(definitionId)}`;
    }
  }
}
