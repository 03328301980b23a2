import type { Sources } from "../../core/sources";
import type { GateTarget } from "../settings";
import { approverText } from "./waiting";

export interface PendingApproval {
  kind: "yaml" | "classic";
  id: string;
  /** Pipeline or release definition name. */
  definitionName: string;
  /** Run number or release name. */
  runName?: string;
  /** Classic environment name (YAML approvals do not name their stage). */
  stageName?: string;
  createdOn?: Date;
  /** Build id (YAML) or release id (Classic), for the link. */
  runId?: number;
  /** Who may approve, in words ("Any of Ana, Raj", "Next: Ana"). */
  approvers: string;
}

export interface PendingApprovals {
  yaml: number;
  classic: number;
  total: number;
  /** Oldest first; approvals without a creation date last. */
  approvals: PendingApproval[];
  oldest?: Date;
}

/** "web-app-ci-cd · 20250304.1 · Production": where the approval waits. */
export function approvalPlace(approval: PendingApproval): string {
  return [approval.definitionName, approval.runName, approval.stageName]
    .filter(Boolean)
    .join(" · ");
}

function byAge(left: PendingApproval, right: PendingApproval): number {
  const leftTime = left.createdOn?.getTime() ?? Number.POSITIVE_INFINITY;
  const rightTime = right.createdOn?.getTime() ?? Number.POSITIVE_INFINITY;
  return leftTime - rightTime;
}

/** Pending YAML approvals + pending Classic release approvals, optionally for one definition. */
export async function loadPendingApprovals(
  sources: Sources,
  project: string,
  target?: Pick<GateTarget, "kind" | "id">,
): Promise<PendingApprovals> {
  const wantYaml = !target || target.kind === "yaml";
  const wantClassic = !target || target.kind === "classic";
  const [pipelineApprovals, releaseApprovals] = await Promise.all([
    wantYaml ? sources.checks.listApprovals(project, { state: "pending" }) : [],
    wantClassic ? sources.release.listReleaseApprovals(project, "pending") : [],
  ]);
  const yaml: PendingApproval[] = pipelineApprovals
    .filter((approval) => approval.status === "pending")
    .filter((approval) => !target || approval.pipeline?.id === target.id)
    .map((approval) => ({
      kind: "yaml",
      id: approval.id,
      definitionName: approval.pipeline?.name ?? "Pipeline",
      runName: approval.pipeline?.runName,
      runId: approval.pipeline?.runId,
      createdOn: approval.createdOn,
      approvers: approverText({
        kind: "approval",
        approvers: approval.steps
          .filter((step) => step.status === "pending")
          .map((step) => step.assignedApprover),
        sequential: approval.executionOrder === "inSequence",
      }),
    }));
  const classic: PendingApproval[] = releaseApprovals
    .filter((approval) => approval.status === "pending" && !approval.isAutomated)
    .filter((approval) => !target || approval.releaseDefinition?.id === target.id)
    .map((approval) => ({
      kind: "classic",
      id: String(approval.id),
      definitionName: approval.releaseDefinition?.name ?? "Release",
      runName: approval.release?.name,
      runId: approval.release?.id,
      stageName: approval.releaseEnvironment?.name,
      createdOn: approval.createdOn,
      approvers: approverText({
        kind: "approval",
        approvers: approval.approver ? [approval.approver] : [],
        sequential: false,
      }),
    }));
  const approvals = [...yaml, ...classic].sort(byAge);
  return {
    yaml: yaml.length,
    classic: classic.length,
    total: approvals.length,
    approvals,
    oldest: approvals[0]?.createdOn,
  };
}
