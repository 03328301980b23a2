/**
 * Work items of the delivery history: the stories and bugs its commits fixed (a deployment that
 * brings a Bug is rework), and incidents (Bugs tagged "incident"). An incident names the build it
 * was found in through a "Found in build" link, through the Found In field (a unique build number,
 * or one two pipelines share), or not at all; one names a build that never reached production,
 * one a Classic release's build, and one, still active, the newest production deployment of
 * payments-service, which nothing has recovered yet. Existing work items keep their links.
 */
import type { GenContext } from "./generate";
import type { DemoCommit, DemoWorkItem } from "./model";
import type { DeliveryHistory, HistoryRun } from "./history";
import { isProductionName } from "./history";
import { artifactRelation, commitUri } from "./links";
import { BUG_TITLES, INCIDENT_TITLES, STORY_TITLES } from "./names";
import type { Random } from "./random";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
export const INCIDENT_TAG = "incident";

interface Items {
  ctx: GenContext;
  rng: Random;
  history: DeliveryHistory;
  nextId: number;
  nextLinkId: number;
}

export function addDeliveryItems(ctx: GenContext, history: DeliveryHistory): void {
  const { demo } = ctx;
  const items: Items = {
    ctx,
    rng: ctx.rng.fork("delivery-items"),
    history,
    nextId: Math.max(...demo.workItems.map((item) => item.id)) + 1,
    nextLinkId:
      Math.max(
        0,
        ...demo.workItems.flatMap((item) =>
          item.relations.map((relation) => Number(relation.attributes.id ?? 0)),
        ),
      ) + 1,
  };
  addHistoryWork(items);
  addScriptedIncidents(items);
  addOtherIncidents(items);
}

function newItem(items: Items, fields: Partial<DemoWorkItem> & Pick<DemoWorkItem, "type">) {
  const { ctx, rng } = items;
  const created = fields.createdDate ?? ctx.anchor;
  const item: DemoWorkItem = {
    id: items.nextId++,
    projectId: ctx.demo.mainProjectId,
    rev: rng.int(2, 9),
    title: "",
    state: "Closed",
    reason: "Completed",
    priority: rng.int(2, 3),
    createdBy: rng.pick(ctx.people),
    createdDate: created,
    changedDate: created,
    assignedTo: rng.pick(ctx.people),
    relations: [],
    history: true,
    ...fields,
  };
  ctx.demo.workItems.push(item);
  return item;
}

function link(items: Items, item: DemoWorkItem, url: string, name: string, date: Date): void {
  item.relations.push(artifactRelation(url, name, date, items.nextLinkId++));
  if (date > item.changedDate) item.changedDate = date;
}

/** The commit fixes the item: a "Fixed in Commit" link, and every run that brought it lists it. */
function fixedIn(items: Items, item: DemoWorkItem, commit: DemoCommit): void {
  const { demo } = items.ctx;
  commit.workItemIds.push(item.id);
  const repo = items.ctx.repoById.get(commit.repositoryId);
  link(
    items,
    item,
    commitUri(demo.mainProjectId, repo?.id ?? "", commit.commitId),
    "Fixed in Commit",
    commit.date,
  );
  for (const run of items.history.runs) {
    if (!run.build.changes.includes(commit.commitId)) continue;
    run.build.workItemIds.push(item.id);
    const finished = run.build.finishTime;
    const result = run.build.result;
    // Auto-linking, as linkWorkItems does for the newer runs.
    if (finished && (result === "succeeded" || result === "partiallySucceeded")) {
      link(items, item, `vstfs:///Build/Build/${run.build.id}`, "Integrated in build", finished);
    }
  }
}

/** About every other run fixes a story or a bug (made a few days before its commit). */
function addHistoryWork(items: Items): void {
  const { ctx, rng } = items;
  for (const run of items.history.runs) {
    if (run.hotfix || run.build.changes.length === 0 || !rng.chance(0.5)) continue;
    const commit = ctx.commitById.get(run.build.changes[0]);
    if (!commit) continue;
    const bug = rng.chance(0.35);
    const item = newItem(items, {
      type: bug ? "Bug" : "User Story",
      title: rng.pick(bug ? BUG_TITLES : STORY_TITLES),
      createdDate: new Date(commit.date.getTime() - rng.int(24, 240) * HOUR),
    });
    fixedIn(items, item, commit);
  }
}

/** The first history commit of the repository made after `time`. */
function firstCommitAfter(
  items: Items,
  repositoryId: string,
  time: number,
): DemoCommit | undefined {
  const commits = items.history.commits.get(repositoryId) ?? [];
  return [...commits].reverse().find((commit) => commit.date.getTime() > time);
}

function incident(items: Items, createdDate: Date, fields: Partial<DemoWorkItem> = {}) {
  const { rng } = items;
  return newItem(items, {
    type: "Bug",
    title: rng.pick(INCIDENT_TITLES),
    priority: 1,
    reason: "Fixed",
    tags: rng.chance(0.3) ? ["customer-impact", INCIDENT_TAG] : [INCIDENT_TAG],
    createdDate,
    ...fields,
  });
}

/** The incident is fixed by the next commit of the run's repository (that run is rework). */
function fixNext(items: Items, item: DemoWorkItem, run: HistoryRun): void {
  const commit = firstCommitAfter(items, run.build.repositoryId, item.createdDate.getTime());
  if (commit) fixedIn(items, item, commit);
}

function addScriptedIncidents(items: Items): void {
  const { rng } = items;
  for (const run of items.history.runs) {
    const finish = run.prodRecord?.finishTime;
    if (!finish) continue;
    if (run.outcome === "incident") {
      // Found before the rollback that follows it (three hours or more after the deployment).
      const item = incident(items, new Date(finish.getTime() + rng.int(60, 150) * MINUTE));
      link(items, item, `vstfs:///Build/Build/${run.build.id}`, "Found in build", item.createdDate);
      fixNext(items, item, run);
    } else if (run.outcome === "incidentFoundIn") {
      const named = uniquelyNumbered(items, run);
      const namedFinish = named?.prodRecord?.finishTime;
      if (!named || !namedFinish) continue;
      const created = new Date(namedFinish.getTime() + rng.int(6, 30) * HOUR);
      fixNext(items, incident(items, created, { foundIn: named.build.buildNumber }), named);
    } else if (run.outcome === "incidentUnnamed") {
      fixNext(items, incident(items, new Date(finish.getTime() + rng.int(30, 90) * MINUTE)), run);
    }
  }
  addAmbiguousFoundIn(items);
  addNonProductionFoundIn(items);
  addClassicFoundIn(items);
  addOpenIncident(items);
}

/** The run, or the nearest later one of its pipeline, whose build number no other run has. */
function uniquelyNumbered(items: Items, run: HistoryRun): HistoryRun | undefined {
  const builds = items.ctx.demo.builds;
  const count = (number: string) => builds.filter((build) => build.buildNumber === number).length;
  const later = items.history.runs.filter(
    (other) =>
      other.definition.id === run.definition.id &&
      other.build.id >= run.build.id &&
      other.prodRecord?.result === "succeeded",
  );
  return later.find((other) => count(other.build.buildNumber) === 1);
}

/** A Found In value two pipelines' runs share: it names no single build. */
function addAmbiguousFoundIn(items: Items): void {
  const deployed = items.history.runs.filter((run) => run.prodRecord?.result === "succeeded");
  for (const run of deployed) {
    const twin = deployed.find(
      (other) =>
        other.build.buildNumber === run.build.buildNumber &&
        other.definition.id !== run.definition.id,
    );
    if (!twin) continue;
    const last = Math.max(
      (run.prodRecord?.finishTime as Date).getTime(),
      (twin.prodRecord?.finishTime as Date).getTime(),
    );
    incident(items, new Date(last + items.rng.int(2, 20) * HOUR), {
      foundIn: run.build.buildNumber,
    });
    return;
  }
}

/** Found in a build that only ever went to a test environment. */
function addNonProductionFoundIn(items: Items): void {
  const { demo } = items.ctx;
  const prodEnvironments = new Set(
    demo.environments
      .filter((environment) => isProductionName(environment.name))
      .map((environment) => environment.id),
  );
  const reachedProd = new Set(
    demo.deploymentRecords
      .filter((record) => prodEnvironments.has(record.environmentId))
      .map((record) => record.owner.id),
  );
  const testOnly = demo.deploymentRecords.find(
    (record) =>
      record.result === "succeeded" && !reachedProd.has(record.owner.id) && record.finishTime,
  );
  if (!testOnly?.finishTime) return;
  const created = new Date(testOnly.finishTime.getTime() + items.rng.int(1, 8) * HOUR);
  if (created >= items.ctx.anchor) return;
  const item = incident(items, created, { state: "Closed" });
  link(items, item, `vstfs:///Build/Build/${testOnly.owner.id}`, "Found in build", created);
}

/** Found in the build of a Classic release after its Production deployment. */
function addClassicFoundIn(items: Items): void {
  const { demo, anchor } = items.ctx;
  const definition = demo.releaseDefinitions.find(
    (candidate) => candidate.name === "web-app-release",
  );
  const releases = demo.releases.filter((release) => release.definitionId === definition?.id);
  for (const release of releases) {
    const production = release.environments.find(
      (environment) => environment.name === "Production" && environment.status === "succeeded",
    );
    if (!production) continue;
    const created = new Date(production.modifiedOn.getTime() + items.rng.int(2, 12) * HOUR);
    if (created >= anchor) continue;
    const item = incident(items, created);
    link(items, item, `vstfs:///Build/Build/${release.buildId}`, "Found in build", created);
    return;
  }
}

/**
 * Still active: found in the newest production deployment of payments-service, after which
 * nothing has deployed there, so this failure is not recovered yet.
 */
function addOpenIncident(items: Items): void {
  const { demo, anchor } = items.ctx;
  const definition = demo.buildDefinitions.find(
    (candidate) => candidate.name === "payments-service",
  );
  const prod = demo.environments.find((environment) => environment.name === "prod");
  const latest = demo.deploymentRecords
    .filter(
      (record) => record.definition.id === definition?.id && record.environmentId === prod?.id,
    )
    .sort((a, b) => (b.finishTime?.getTime() ?? 0) - (a.finishTime?.getTime() ?? 0))[0];
  if (!latest?.finishTime || latest.result !== "succeeded") return;
  const finish = latest.finishTime.getTime();
  const created = new Date(Math.min(finish + 2 * HOUR, finish + (anchor.getTime() - finish) / 2));
  const item = incident(items, created, { state: "Active", reason: "New", tags: [INCIDENT_TAG] });
  link(items, item, `vstfs:///Build/Build/${latest.owner.id}`, "Found in build", created);
}

/**
 * Incidents that name no build, spread over the history; one with only an "Integrated in build"
 * link (where its fix shipped, which never attributes it); and a Bug tagged "regression" only,
 * which is not an incident.
 */
function addOtherIncidents(items: Items): void {
  const { ctx, rng } = items;
  const count = ctx.large ? 25 : 3;
  for (let index = 0; index < count; index++) {
    const created = ctx.before(rng.int(24, 24 * 95));
    const item = incident(items, created);
    const run = items.history.runs.find((candidate) => candidate.build.queueTime > created);
    if (run && index === 0) fixNext(items, item, run);
  }
  newItem(items, {
    type: "Bug",
    title: rng.pick(BUG_TITLES),
    tags: ["regression"],
    createdDate: ctx.before(rng.int(24, 24 * 60)),
  });
}
