/** policy: configurations (+ revisions) and types. */
import type { DemoPolicy, DemoPolicyType, DemoProject } from "../demo/model";
import {
  genericNotFound,
  headerPaged,
  list,
  skipTop,
  type RequestContext,
  type Route,
} from "../http";
import { identity } from "../views";

export function policyView(
  ctx: RequestContext,
  policy: DemoPolicy,
  revisionIndex: number,
): Record<string, unknown> {
  const revision = policy.revisions[revisionIndex];
  const base = `${ctx.urls.orgUrl}/${policy.projectId}/_apis/policy`;
  return {
    createdBy: identity(ctx.urls, revision.createdBy),
    createdDate: revision.createdDate,
    isEnabled: revision.isEnabled,
    isBlocking: revision.isBlocking,
    isDeleted: revision.isDeleted,
    settings: revision.settings,
    isEnterpriseManaged: false,
    _links: {
      self: { href: `${base}/configurations/${policy.id}` },
      policyType: { href: `${base}/types/${revision.typeId}` },
    },
    revision: revision.revision,
    id: policy.id,
    url: `${base}/configurations/${policy.id}`,
    type: {
      id: revision.typeId,
      url: `${base}/types/${revision.typeId}`,
      displayName: revision.typeDisplayName,
    },
  };
}

function typeView(
  ctx: RequestContext,
  project: DemoProject,
  type: DemoPolicyType,
): Record<string, unknown> {
  const url = `${ctx.urls.orgUrl}/${project.id}/_apis/policy/types/${type.id}`;
  return {
    description: type.description,
    _links: { self: { href: url } },
    id: type.id,
    url,
    displayName: type.displayName,
  };
}

function findPolicy(ctx: RequestContext): DemoPolicy {
  const project = ctx.project as DemoProject;
  const policy = ctx.store.policyById.get(Number(ctx.params.configurationId));
  if (!policy || policy.projectId !== project.id) {
    throw genericNotFound(`Policy configuration ${ctx.params.configurationId}`);
  }
  return policy;
}

export const policyRoutes: Route[] = [
  {
    method: "GET",
    pattern: "policy/configurations",
    project: "required",
    name: "policy.configurations",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const policyType = ctx.query.get("policyType")?.toLowerCase();
      const scope = ctx.query.get("scope")?.toLowerCase();
      const policies = (ctx.store.policiesByProject.get(project.id) ?? []).filter((policy) => {
        const current = policy.revisions[policy.revisions.length - 1];
        if (current.isDeleted) return false;
        if (policyType && current.typeId !== policyType) return false;
        if (scope) {
          // Legacy `scope={repoIdWithoutDashes}[:refName]`: exactly-scoped policies only.
          const [repoPart, refPart] = scope.split(/:(.*)/s);
          const entries = (current.settings.scope ?? []) as {
            repositoryId?: string | null;
            refName?: string | null;
          }[];
          return entries.some(
            (entry) =>
              (entry.repositoryId ?? "").replace(/-/g, "").toLowerCase() === repoPart &&
              (!refPart || (entry.refName ?? "").toLowerCase() === refPart),
          );
        }
        return true;
      });
      return headerPaged(ctx, policies, {
        view: (policy) => policyView(ctx, policy, policy.revisions.length - 1),
      });
    },
  },
  {
    method: "GET",
    pattern: "policy/configurations/{configurationId}",
    project: "required",
    name: "policy.configuration",
    handler: (ctx) => {
      const policy = findPolicy(ctx);
      return { body: policyView(ctx, policy, policy.revisions.length - 1) };
    },
  },
  {
    method: "GET",
    pattern: "policy/configurations/{configurationId}/revisions",
    project: "required",
    name: "policy.revisions",
    handler: (ctx) => {
      const policy = findPolicy(ctx);
      // Newest first.
      const indexes = policy.revisions.map((_, index) => index).reverse();
      return list(skipTop(ctx, indexes).map((index) => policyView(ctx, policy, index)));
    },
  },
  {
    method: "GET",
    pattern: "policy/configurations/{configurationId}/revisions/{revisionId}",
    project: "required",
    name: "policy.revision",
    handler: (ctx) => {
      const policy = findPolicy(ctx);
      const index = policy.revisions.findIndex(
        (revision) => revision.revision === Number(ctx.params.revisionId),
      );
      if (index < 0)
        throw genericNotFound(
          `Revision ${ctx.params.revisionId} of policy configuration ${policy.id}`,
        );
      return { body: policyView(ctx, policy, index) };
    },
  },
  {
    method: "GET",
    pattern: "policy/types",
    project: "required",
    name: "policy.types",
    handler: (ctx) =>
      list(
        ctx.store.demo.policyTypes.map((type) => typeView(ctx, ctx.project as DemoProject, type)),
      ),
  },
  {
    method: "GET",
    pattern: "policy/types/{typeId}",
    project: "required",
    name: "policy.type",
    handler: (ctx) => {
      const type = ctx.store.demo.policyTypes.find(
        (item) => item.id === ctx.params.typeId.toLowerCase(),
      );
      if (!type) throw genericNotFound(`Policy type ${ctx.params.typeId}`);
      return { body: typeView(ctx, ctx.project as DemoProject, type) };
    },
  },
];
