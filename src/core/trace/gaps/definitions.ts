/**
 * Every gap rule's definition (id, title, severity, rationale, remediation, parameters), by id,
 * in the order gaps are listed. Imports no evaluation code, so the baseline validator and the
 * compliance pages do not carry the traceability graph.
 */
import { commitWithoutWorkItemDefinition } from "./commit-without-work-item/def";
import { openWorkItemDeployedDefinition } from "./open-work-item-deployed/def";
import { prPolicyBypassDefinition } from "./pr-policy-bypass/def";
import { prodWithoutApprovalDefinition } from "./prod-without-approval/def";
import { prodWithoutCompletedPrDefinition } from "./prod-without-completed-pr/def";
import type { GapDefinition } from "./types";

export const gapDefinitions: ReadonlyMap<string, GapDefinition> = new Map(
  [
    prodWithoutCompletedPrDefinition,
    prPolicyBypassDefinition,
    commitWithoutWorkItemDefinition,
    prodWithoutApprovalDefinition,
    openWorkItemDeployedDefinition,
  ].map((definition): [string, GapDefinition] => [definition.metadata.id, definition]),
);
