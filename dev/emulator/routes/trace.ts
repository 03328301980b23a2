/**
 * Traceability routes: policy evaluations of a pull request (preview) and the work items of a
 * Classic release compared with the previous release of its definition.
 */
import { en } from "../format";
import type {
  DemoBuild,
  DemoPolicy,
  DemoPolicyRevision,
  DemoProject,
  DemoPullRequest,
  DemoRepository,
} from "../demo/model";
import { uuidFrom } from "../demo/random";
import {
  badRequest,
  genericNotFound,
  list,
  skipTop,
  type RequestContext,
  type Route,
} from "../http";
import { resourceRefs } from "../views";
import { policyView } from "./policy";

const MINIMUM_REVIEWERS = "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd";
const BUILD = "0609b952-1397-4640-95ec-e00a01b2c241";
const MINUTE = 60 * 1000;

/** `vstfs:///CodeReview/CodeReviewId/{projectId}/{pullRequestId}`, `/` also as `%2f` (§3.4). */
function parseCodeReviewArtifact(raw: string): { projectId: string; pullRequestId: number } {
  const decoded = decodeURIComponent(raw).replace(/%2f/gi, "/");
  const match = /^vstfs:\/\/\/CodeReview\/CodeReviewId\/([0-9a-f-]{36})\/(\d+)$/i.exec(decoded);
  if (!match) throw badRequest(`The artifact id '${raw}' is not valid.`);
  return { projectId: match[1].toLowerCase(), pullRequestId: Number(match[2]) };
}

type Scope = { repositoryId?: string | null; refName?: string | null; matchKind?: string | null };

/** Branch scopes only: repository (push) policies are not evaluated on pull requests. */
function coversBranch(
  revision: DemoPolicyRevision,
  repo: DemoRepository,
  refName: string,
): boolean {
  const scopes = (revision.settings.scope ?? []) as Scope[];
  const ref = refName.toLowerCase();
  return scopes.some((scope) => {
    if (scope.repositoryId && scope.repositoryId !== repo.id) return false;
    const kind = (scope.matchKind ?? "").toLowerCase();
    if (kind === "exact") return (scope.refName ?? "").toLowerCase() === ref;
    if (kind === "prefix") return ref.startsWith((scope.refName ?? "").toLowerCase());
    if (kind === "defaultbranch") return repo.defaultBranch?.toLowerCase() === ref;
    return false;
  });
}

/** The revision in force at `at`: the newest created before it (else the first one). */
function revisionAt(policy: DemoPolicy, at: Date): number {
  let index = 0;
  policy.revisions.forEach((revision, candidate) => {
    if (revision.createdDate.getTime() <= at.getTime()) index = candidate;
  });
  return index;
}

type EvaluationStatus = "queued" | "running" | "approved" | "rejected";

function statusOf(pr: DemoPullRequest, revision: DemoPolicyRevision): EvaluationStatus {
  if (pr.status === "abandoned") return "queued";
  if (pr.status === "completed") {
    // A bypassed completion went through with the reviewer policy unmet.
    return pr.bypassPolicy && revision.typeId === MINIMUM_REVIEWERS ? "rejected" : "approved";
  }
  if (revision.typeId === BUILD) return "running";
  if (revision.typeId === MINIMUM_REVIEWERS) {
    const needed = Number(revision.settings.minimumApproverCount ?? 1);
    const approvals = pr.reviewers.filter((reviewer) => reviewer.vote >= 5).length;
    return approvals >= needed ? "approved" : "running";
  }
  return "approved";
}

function evaluations(ctx: RequestContext, pr: DemoPullRequest): Record<string, unknown>[] {
  const repo = ctx.store.repoById.get(pr.repositoryId) as DemoRepository;
  const at = pr.closedDate ?? pr.creationDate;
  const artifactId = `vstfs:///CodeReview/CodeReviewId/${pr.projectId}%2f${pr.id}`;
  const policies = (ctx.store.policiesByProject.get(pr.projectId) ?? []).filter(
    (policy) => policy.revisions[0].createdDate.getTime() <= at.getTime(),
  );
  const records: Record<string, unknown>[] = [];
  for (const policy of policies.sort((a, b) => a.id - b.id)) {
    const index = revisionAt(policy, at);
    const revision = policy.revisions[index];
    if (revision.isDeleted || !revision.isEnabled) continue;
    if (!coversBranch(revision, repo, pr.targetRefName)) continue;
    const status = statusOf(pr, revision);
    const started = new Date(pr.creationDate.getTime() + MINUTE);
    const record: Record<string, unknown> = {
      configuration: policyView(ctx, policy, index),
      artifactId,
      evaluationId: uuidFrom(`evaluation:${pr.id}:${policy.id}`),
      startedDate: started,
      status: en("PolicyEvaluationStatus", status),
      context: null,
    };
    if (status === "approved" || status === "rejected") record.completedDate = pr.closedDate ?? at;
    records.push(record);
  }
  return records;
}

/** Work items of the builds since the previous release's build (same definition and branch). */
function releaseWorkItemIds(ctx: RequestContext, releaseId: number): number[] {
  const project = ctx.project as DemoProject;
  const release = ctx.store.releaseById.get(releaseId);
  if (!release || release.projectId !== project.id) throw genericNotFound(`Release ${releaseId}`);
  const build = ctx.store.buildById.get(release.buildId) as DemoBuild;
  const previous = ctx.store.demo.releases
    .filter((item) => item.definitionId === release.definitionId && item.id < release.id)
    .sort((a, b) => b.id - a.id)[0];
  const previousBuild = previous ? ctx.store.buildById.get(previous.buildId) : undefined;
  const included = ctx.store.demo.builds.filter(
    (candidate) =>
      candidate.definitionId === build.definitionId &&
      candidate.sourceBranch === build.sourceBranch &&
      candidate.reason !== "pullRequest" &&
      candidate.queueTime.getTime() <= build.queueTime.getTime() &&
      (previousBuild === undefined
        ? candidate.id === build.id
        : candidate.queueTime.getTime() > previousBuild.queueTime.getTime()),
  );
  const ids = new Set(included.flatMap((candidate) => candidate.workItemIds));
  return [...ids].filter((id) => ctx.store.workItemById.get(id)?.projectId === project.id);
}

export const traceRoutes: Route[] = [
  {
    method: "GET",
    pattern: "policy/evaluations",
    project: "required",
    name: "policy.evaluations",
    handler: (ctx) => {
      const raw = ctx.query.get("artifactId");
      if (!raw) throw badRequest("The artifactId parameter is required.");
      const artifact = parseCodeReviewArtifact(raw);
      const pr = ctx.store.pullRequestById.get(artifact.pullRequestId);
      if (!pr || pr.projectId !== artifact.projectId) {
        throw genericNotFound(`Pull request ${artifact.pullRequestId}`);
      }
      return list(skipTop(ctx, evaluations(ctx, pr)));
    },
  },
  {
    method: "GET",
    pattern: "release/releases/{releaseId}/workitems",
    project: "required",
    name: "release.workitems",
    handler: (ctx) => {
      const ids = releaseWorkItemIds(ctx, Number(ctx.params.releaseId));
      const top = ctx.query.int("$top") ?? 50;
      return list(resourceRefs(ctx.urls, ids.slice(0, top)));
    },
  },
];
