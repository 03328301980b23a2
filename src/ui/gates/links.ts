import type { WebLinks } from "../links";
import { runName } from "../../core/vocabulary/names";

/** Where a stage's approvals, checks and gates are acted on in Azure DevOps (built from ids). */
export function gateWebLink(
  links: WebLinks,
  stage: { source: "yaml" | "classic"; runId?: number; releaseId?: number },
): string | undefined {
  // The run's results view lists its pending approvals and checks with the Review button.
  if (stage.source === "yaml" && stage.runId !== undefined)
    return `${links.build(stage.runId)}&view=results`;
  if (stage.source === "classic" && stage.releaseId !== undefined)
    return links.release(stage.releaseId);
  return undefined;
}

/** "Run 20250304.1" or "Release-14": what the user sees in Azure DevOps. */
export function runLabel(stage: {
  source: "yaml" | "classic";
  runId?: number;
  runName?: string;
  releaseId?: number;
  releaseName?: string;
}): string {
  if (stage.source === "classic")
    return stage.releaseName ?? (stage.releaseId !== undefined ? `Release ${stage.releaseId}` : "");
  return stage.runId !== undefined || stage.runName !== undefined
    ? runName({ id: stage.runId ?? 0, name: stage.runName })
    : "";
}
