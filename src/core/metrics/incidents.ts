/**
 * Incident attribution (pure). An incident is a work item matching the incident query. Each is
 * attributed to one production deployment (one that ran there: succeeded or partially
 * succeeded) that finished before the incident was created:
 * - it names a build through a "Found in build" link, or through the Found In field where that
 *   build number is unique among the builds read: the earliest production deployment of it;
 * - otherwise (or when that build never reached production before it): the latest production
 *   deployment of the project, as DevLake does.
 * "Integrated in build" and "Integrated in release" links never attribute: they say where a fix
 * shipped.
 */
import type { Run, WorkItem } from "../model";
import { foldName } from "../vocabulary/names";
import { countsAsDeployed } from "../vocabulary/states";
import type { Classified } from "./context";
import { DEFAULT_INCIDENT_QUERY, type IncidentEvidence, type IncidentQuery } from "./types";

const FOUND_IN_BUILD = "found in build";

/** Does a work item match the incident query (type, and the tag when one is given)? */
export function isIncident(item: WorkItem, query: IncidentQuery = DEFAULT_INCIDENT_QUERY): boolean {
  if (foldName(item.type) !== foldName(query.type)) return false;
  if (query.tag === undefined) return true;
  const tag = foldName(query.tag);
  return (item.tags ?? []).some((candidate) => foldName(candidate) === tag);
}

/** The build an incident names: a "Found in build" link first, then a unique Found In number. */
export function namedBuild(
  item: WorkItem,
  runs: readonly Run[],
):
  { build: IncidentEvidence["build"]; rule: "found-in-build-link" | "found-in-field" } | undefined {
  const link = item.relations.find(
    (relation) =>
      relation.artifact?.kind === "build" && foldName(relation.name ?? "") === FOUND_IN_BUILD,
  );
  if (link?.artifact?.kind === "build")
    return { build: { id: link.artifact.buildId }, rule: "found-in-build-link" };
  const number = item.foundIn?.trim();
  if (!number) return undefined;
  const matches = runs.filter((run) => foldName(run.number) === foldName(number));
  if (matches.length !== 1) return undefined;
  return { build: { id: matches[0].id, number: matches[0].number }, rule: "found-in-field" };
}

/** Attributes one incident to a deployment; `production` is every production deployment, oldest first. */
export function attributeIncident(
  item: WorkItem,
  production: readonly Classified[],
  runs: readonly Run[],
): IncidentEvidence {
  const createdAt = (item.createdDate ?? new Date(NaN)).getTime();
  const before = production.filter(
    (deployment) => countsAsDeployed(deployment.state) && deployment.at < createdAt,
  );
  const base = {
    id: item.id,
    title: item.title,
    createdAt: item.createdDate?.toISOString() ?? "",
  };
  const named = namedBuild(item, runs);
  if (named) {
    const first = before.find((deployment) => deployment.buildId === named.build?.id);
    if (first)
      return { ...base, attribution: named.rule, deployment: first.key, build: named.build };
  }
  const latest = before[before.length - 1];
  return {
    ...base,
    attribution: latest ? "latest-production-deployment" : "unattributed",
    deployment: latest?.key ?? null,
    ...(named ? { build: named.build } : {}),
  };
}
