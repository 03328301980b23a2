/**
 * The second step of an evidence pack: the snapshot `collectEvidence` read becomes a graph, and
 * the graph becomes the pack (work items, PRs, gates, policies in force, gaps). Pure.
 */
import { policyApplies } from "../compliance/scope";
import type { PolicyEvaluation, PullRequest, Release, Repository, Timeline } from "../model";
import {
  mergedInRelease,
  stageNameOf,
  type PolicyHistory,
  type ReleaseEvidenceSnapshot,
  type RunEvidenceSnapshot,
  type RunGateReads,
} from "./collectEvidence";
import { deriveYamlStages } from "../gates/yaml";
import { timelineRecordState, type StateId } from "../vocabulary";
import { releaseEnvironmentState } from "./deploymentState";
import { evaluateGaps, type GapPolicy } from "./gaps/evaluate";
import { releaseDeployments, runDeployments } from "./gaps/subjects";
import { markUnread } from "./gaps/unread";
import { releaseEnvironmentTime, TraceGraph, type TraceRules } from "./graph";
import type {
  EvidenceApproval,
  EvidenceCheck,
  EvidencePack,
  EvidencePolicy,
  EvidencePullRequest,
  TraceGap,
} from "./types";
import { traceBuild, tracePullRequest } from "./workItem";

const POLICY_NOTE =
  "Reconstructed from policy configuration revisions: for each configuration, the newest revision made before the run. Configurations deleted since cannot be listed and are missing.";

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

/** For every configuration, the newest revision made before `at`, if it applied to the branch. */
export function policiesInForce(history: PolicyHistory): EvidencePack["branchPolicies"] {
  const { repository, repositoryId, branch, at } = history;
  const base = {
    repository: repository?.name ?? repositoryId ?? null,
    branch: branch ?? null,
    at: iso(at),
    policies: [] as EvidencePolicy[],
    note: POLICY_NOTE,
  };
  if (!repositoryId || !branch || !at)
    return { ...base, note: `${POLICY_NOTE} No repository, branch or time to check.` };
  const target = { id: repositoryId, defaultBranch: repository?.defaultBranch };
  for (const list of history.revisions) {
    const inForce = list
      .filter((revision) => revision.createdDate && revision.createdDate.getTime() <= at.getTime())
      .sort((a, b) => b.revision - a.revision)[0];
    if (!inForce || !inForce.isEnabled || !policyApplies(inForce, target, branch)) continue;
    base.policies.push({
      configurationId: inForce.id,
      revision: inForce.revision,
      type: inForce.typeDisplayName ?? inForce.typeId,
      isEnabled: inForce.isEnabled,
      isBlocking: inForce.isBlocking,
      since: iso(inForce.createdDate),
      settings: inForce.settings,
    });
  }
  base.policies.sort((a, b) => a.configurationId - b.configurationId);
  return base;
}

function evaluationRows(evaluations: PolicyEvaluation[] | undefined) {
  return (
    evaluations?.map((evaluation) => ({
      configurationId: evaluation.configuration.id,
      revision: evaluation.configuration.revision,
      type: evaluation.configuration.typeDisplayName ?? evaluation.configuration.typeId,
      isBlocking: evaluation.configuration.isBlocking,
      status: evaluation.status,
      completedDate: iso(evaluation.completedDate),
    })) ?? null
  );
}

function evidencePullRequests(
  prs: PullRequest[],
  mergedIn: Set<number>,
  repositories: Map<string, Repository>,
  evaluations: Map<number, PolicyEvaluation[]>,
): EvidencePullRequest[] {
  return [...prs]
    .sort((a, b) => a.id - b.id)
    .map((pr) => ({
      ...tracePullRequest(pr, repositories),
      title: pr.title,
      targetBranch: pr.targetRefName,
      closedDate: iso(pr.closedDate),
      createdBy: pr.createdBy?.displayName ?? null,
      mergedInThis: mergedIn.has(pr.id),
      policyEvaluations: mergedIn.has(pr.id) ? evaluationRows(evaluations.get(pr.id)) : null,
    }));
}

function workItemRows(items: RunEvidenceSnapshot["items"]): EvidencePack["workItems"] {
  return [...items]
    .sort((a, b) => a.id - b.id)
    .map((item) => ({ id: item.id, title: item.title, type: item.type, state: item.state }));
}

/** Approvals and checks of a YAML run, from its timeline and what its checkpoints answered. */
function runGates(
  timeline: Timeline,
  reads: RunGateReads,
): { approvals: EvidenceApproval[]; checks: EvidenceCheck[] } {
  const stageOf = stageNameOf(timeline);
  const names = new Map(timeline.records.map((record) => [record.id, record.name]));
  const approvals: EvidenceApproval[] = [];
  for (const approval of reads.approvals) {
    const stage = stageOf(approval.id);
    const decided = approval.steps.filter(
      (step) => step.actualApprover || step.status !== "pending",
    );
    if (decided.length === 0)
      approvals.push({ stage, status: approval.status, approver: null, time: null, comment: null });
    for (const step of decided)
      approvals.push({
        stage,
        status: step.status,
        approver: (step.actualApprover ?? step.assignedApprover).displayName,
        time: iso(step.lastModifiedOn),
        comment: step.comment ?? null,
      });
  }
  const checks: EvidenceCheck[] = reads.suites.flatMap((suite) =>
    suite.checkRuns.map((run) => ({
      stage: stageOf(suite.id),
      name: names.get(run.id) ?? run.typeName ?? run.resource?.name ?? run.id,
      status: run.status,
      message: run.resultMessage || null,
      completedAt: iso(run.completedDate),
    })),
  );
  return { approvals, checks };
}

function releaseGates(release: Release): {
  approvals: EvidenceApproval[];
  checks: EvidenceCheck[];
} {
  const approvals: EvidenceApproval[] = [];
  const checks: EvidenceCheck[] = [];
  for (const environment of release.environments) {
    for (const approval of [...environment.preApprovals, ...environment.postApprovals]) {
      approvals.push({
        // Words, not the raw approval type (preDeploy).
        stage: `${environment.name} (${approval.approvalType === "postDeploy" ? "post" : "pre"}-deployment approval)`,
        status: approval.isAutomated ? `${approval.status} (automated)` : approval.status,
        approver: (approval.approvedBy ?? approval.approver)?.displayName ?? null,
        time: iso(approval.modifiedOn),
        comment: approval.comments || null,
      });
    }
    const step = [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
    for (const [label, gates] of [
      ["pre-deployment gates", step?.preGates],
      ["post-deployment gates", step?.postGates],
    ] as const) {
      if (!gates || gates.status === "none") continue;
      const sample = gates.samples[gates.samples.length - 1];
      for (const result of sample?.results ?? [])
        checks.push({
          stage: `${environment.name} (${label})`,
          name: result.name,
          status: gates.ignoredGates.includes(result.name)
            ? `${result.status} (ignored)`
            : result.status,
          message: result.message ?? null,
          completedAt: iso(sample?.finishTime),
        });
    }
  }
  return { approvals, checks };
}

function runGraph(snapshot: RunEvidenceSnapshot): TraceGraph {
  const { run } = snapshot;
  const graph = new TraceGraph();
  graph.addRun(run);
  if (snapshot.timeline) graph.addTimeline(snapshot.timeline);
  graph.addRunWorkItems(run.id, snapshot.workItemIds);
  graph.addRunChanges(run.id, snapshot.commits);
  for (const item of snapshot.items) graph.addWorkItem(item);
  for (const environment of snapshot.environments)
    graph.addEnvironment(environment.id, environment.name);
  for (const record of snapshot.records) graph.addDeployment(record);
  for (const pr of [...snapshot.merged, ...snapshot.linked]) graph.addPullRequest(pr);
  return graph;
}

/** The gap rules over the run's work items, its merged PRs and its successful deployments. */
function runGaps(
  snapshot: RunEvidenceSnapshot,
  graph: TraceGraph,
  rules: TraceRules,
  policy: GapPolicy,
): TraceGap[] {
  const { run } = snapshot;
  markUnread(graph, snapshot.notAvailable, {
    "work-items": (what) => what === `work items of run ${run.id}`,
    [`changes:${run.id}`]: (what) => what === `changes of run ${run.id}`,
    deployments: (what) =>
      what === "environments" || what.startsWith("deployment records of environment"),
    "pull-requests": (what) => what === `completed pull requests into ${run.sourceBranch}`,
  });
  const request = {
    graph,
    workItemIds: snapshot.workItemIds,
    pullRequestIds: snapshot.merged.map((pr) => pr.id),
    deployments: runDeployments(graph, run, snapshot.records),
    production: rules.productionPattern,
  };
  return evaluateGaps(request, policy);
}

/**
 * Each stage's state as the gates views derive it (an approval rejected, a stage waiting for its
 * checks), so the pack never says "failed" or "not started" where they say otherwise.
 */
function stageStates(snapshot: RunEvidenceSnapshot, timeline: Timeline): Map<string, StateId> {
  const { run, gates } = snapshot;
  const derived = deriveYamlStages({
    run: { id: run.id, name: run.number, pipeline: run.pipeline },
    timeline,
    approvals: new Map(gates.approvals.map((approval) => [approval.id, approval])),
    suites: new Map(gates.suites.map((suite) => [suite.id, suite])),
    configurations: new Map(),
  });
  return new Map(derived.map((stage) => [stage.stageIdentifier ?? stage.stage, stage.state]));
}

function runStages(snapshot: RunEvidenceSnapshot, graph: TraceGraph): EvidencePack["stages"] {
  const { timeline } = snapshot;
  if (!timeline) return [];
  const gateStates = stageStates(snapshot, timeline);
  return timeline.records
    .filter((record) => record.type === "Stage")
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((stage) => {
      const record = snapshot.records.find(
        (item) => item.stageName.toLowerCase() === stage.identifier?.toLowerCase(),
      );
      const own = timelineRecordState(stage);
      // Partially succeeded is the timeline's word; the gates have no such state.
      const state =
        own === "partially-succeeded"
          ? own
          : (gateStates.get(stage.identifier ?? stage.name) ?? own);
      return {
        name: stage.name,
        environment: record ? (graph.environments.get(record.environmentId) ?? null) : null,
        result: stage.result ?? stage.state,
        state,
        finishTime: iso(stage.finishTime),
      };
    });
}

export function deriveRunPack(
  snapshot: RunEvidenceSnapshot,
  rules: TraceRules,
  gapPolicy: GapPolicy = {},
): EvidencePack {
  const { run } = snapshot;
  const graph = runGraph(snapshot);
  const gates = snapshot.timeline
    ? runGates(snapshot.timeline, snapshot.gates)
    : { approvals: [], checks: [] };
  return {
    schemaVersion: 1,
    subject: {
      kind: "run",
      id: run.id,
      name: run.number,
      pipeline: run.pipeline.name,
      branch: run.sourceBranch,
      at: iso(run.queueTime),
    },
    workItems: workItemRows(snapshot.items),
    pullRequests: evidencePullRequests(
      [...snapshot.merged, ...snapshot.linked],
      new Set(snapshot.merged.map((pr) => pr.id)),
      snapshot.repositories,
      snapshot.evaluations,
    ),
    builds: [
      { ...traceBuild(run), sourceVersion: run.sourceVersion, finishTime: iso(run.finishTime) },
    ],
    stages: runStages(snapshot, graph),
    approvals: gates.approvals,
    checks: gates.checks,
    branchPolicies: policiesInForce(snapshot.policies),
    gaps: runGaps(snapshot, graph, rules, gapPolicy),
    notAvailable: snapshot.notAvailable,
  };
}

function releaseGraph(snapshot: ReleaseEvidenceSnapshot): TraceGraph {
  const { release, primaryRun } = snapshot;
  const graph = new TraceGraph();
  graph.addRelease(release);
  graph.addReleaseWorkItems(release.id, snapshot.workItemIds);
  for (const item of snapshot.items) graph.addWorkItem(item);
  if (primaryRun) {
    graph.addRun(primaryRun);
    graph.addRunChanges(primaryRun.id, snapshot.commits);
  }
  for (const pr of snapshot.linked) graph.addPullRequest(pr);
  return graph;
}

/** The gap rules over the release's work items, the PRs merged in it and its deployed stages. */
function releaseGaps(
  snapshot: ReleaseEvidenceSnapshot,
  graph: TraceGraph,
  merged: PullRequest[],
  context: { rules: TraceRules; policy: GapPolicy },
): TraceGap[] {
  const { release, primaryRun } = snapshot;
  const primary = release.artifacts.find((artifact) => artifact.isPrimary) ?? release.artifacts[0];
  // Without the primary build, or its changes, its commits cannot be checked.
  if (primary?.buildId !== undefined && !primaryRun) graph.unread.add(`changes:${primary.buildId}`);
  markUnread(graph, snapshot.notAvailable, {
    "work-items": (what) => what === `work items of release ${release.id}`,
    [`changes:${primaryRun?.id}`]: (what) => what === `changes of build ${primaryRun?.id}`,
  });
  const request = {
    graph,
    workItemIds: snapshot.workItemIds,
    pullRequestIds: merged.map((pr) => pr.id),
    deployments: releaseDeployments(release),
    production: context.rules.productionPattern,
  };
  return evaluateGaps(request, context.policy);
}

export function deriveReleasePack(
  snapshot: ReleaseEvidenceSnapshot,
  rules: TraceRules,
  gapPolicy: GapPolicy = {},
): EvidencePack {
  const { release } = snapshot;
  const graph = releaseGraph(snapshot);
  const merged = mergedInRelease(snapshot.linked, snapshot.repositoryId, snapshot.branch);
  const gates = releaseGates(release);
  return {
    schemaVersion: 1,
    subject: {
      kind: "release",
      id: release.id,
      name: release.name,
      pipeline: release.definition.name,
      branch: snapshot.branch ?? null,
      at: iso(release.createdOn),
    },
    workItems: workItemRows(snapshot.items),
    pullRequests: evidencePullRequests(
      snapshot.linked,
      new Set(merged.map((pr) => pr.id)),
      snapshot.repositories,
      snapshot.evaluations,
    ),
    builds: [...snapshot.runs]
      .sort((a, b) => a.id - b.id)
      .map((run) => ({
        ...traceBuild(run),
        sourceVersion: run.sourceVersion,
        finishTime: iso(run.finishTime),
      })),
    stages: [...release.environments]
      .sort((a, b) => a.rank - b.rank)
      .map((environment) => ({
        name: environment.name,
        environment: environment.name,
        result: environment.status,
        state: releaseEnvironmentState(environment),
        finishTime: iso(releaseEnvironmentTime(environment)),
      })),
    approvals: gates.approvals,
    checks: gates.checks,
    branchPolicies: policiesInForce(snapshot.policies),
    gaps: releaseGaps(snapshot, graph, merged, { rules, policy: gapPolicy }),
    notAvailable: snapshot.notAvailable,
  };
}
