/** What the gap is and what a baseline may set for it; read without the graph (for validation). */
import type { WorkItemGapDefinition } from "../types";

export const openWorkItemDeployedDefinition: WorkItemGapDefinition = {
  scope: "work-item",
  metadata: {
    id: "trace.open-work-item-deployed",
    kind: "open-work-item-deployed",
    title: "Open work item deployed",
    severity: "low",
    rationale:
      "A work item still open after its change was deployed misstates what is done, and what is live.",
    remediation:
      "Close or resolve the work item once its change is deployed, or move unfinished work to a new item.",
  },
  paramSchema: {
    closedStates: {
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
      description: "Work item states that count as done (case-insensitive).",
    },
  },
  defaults: { closedStates: ["closed", "done", "resolved", "removed", "completed", "cut"] },
  checkParams(params) {
    const states = params.closedStates;
    if (states === undefined) return [];
    const valid =
      Array.isArray(states) &&
      states.length > 0 &&
      states.every((state) => typeof state === "string" && state.trim() !== "");
    return valid ? [] : [{ path: "closedStates", expected: "a non-empty list of state names" }];
  },
};
