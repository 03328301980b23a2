/**
 * Builds the demo organisation from a seed. Same seed and size → identical data; dates hang off
 * an anchor derived from the seed, never the wall clock.
 */
import type {
  DemoCommit,
  DemoOrganisation,
  DemoProject,
  DemoPullRequest,
  DemoRef,
  DemoRepository,
  DemoReviewer,
  DemoWorkItem,
  Person,
  PrStatus,
} from "./model";
import {
  BUG_TITLES,
  COMMIT_MESSAGES,
  COMPONENTS,
  DOMAINS,
  FEATURE_TOPICS,
  GROUPS,
  MAIN_REPOS,
  PEOPLE,
  PR_TITLES,
  SECOND_REPOS,
  STORY_TITLES,
  TASK_TITLES,
  TRICKY_TEXT,
  type RepoSpec,
} from "./names";
import { Random, shaFrom, uuidFrom } from "./random";
import { generatePolicies } from "./policies";
import { generatePipelines } from "./pipelines";
import { generateReleases } from "./releases";
import { linkWorkItems } from "./links";
import { addBulkRun } from "./bulkRun";
import { demoFiles } from "./files";
import { addOrgProjects } from "./orgProjects";
import { addDeliveryHistory } from "./history";
import { addDeliveryItems } from "./deliveryItems";
import { addHistoryPullRequests } from "./historyPullRequests";
import { addClassicHistory } from "./classicHistory";

export type DemoSize = "small" | "large";

export interface GenerateOptions {
  seed: number;
  size: DemoSize;
  org: string;
  /** Overrides the seed's fixed anchor, e.g. "now" for a live demo whose ages look current. */
  anchor?: Date;
}

/** Knobs per size. */
export interface SizeProfile {
  extraRepos: number;
  commitsPerRepo: number;
  pullRequestsPerRepo: number;
  pipelines: number;
  runs: number;
  workItems: number;
  environments: number;
  releaseDefinitions: number;
  releasesPerDefinition: number;
  policiesTarget: number;
}

export const PROFILES: Record<DemoSize, SizeProfile> = {
  small: {
    extraRepos: 0,
    commitsPerRepo: 24,
    pullRequestsPerRepo: 8,
    pipelines: 8,
    runs: 150,
    workItems: 300,
    environments: 7,
    releaseDefinitions: 3,
    releasesPerDefinition: 5,
    policiesTarget: 40,
  },
  large: {
    extraRepos: 988,
    commitsPerRepo: 30,
    pullRequestsPerRepo: 4,
    pipelines: 300,
    runs: 20000,
    workItems: 30000,
    environments: 40,
    releaseDefinitions: 20,
    releasesPerDefinition: 15,
    policiesTarget: 5000,
  },
};

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Shared state of one generation run. */
export interface GenContext {
  seed: number;
  rng: Random;
  anchor: Date;
  profile: SizeProfile;
  large: boolean;
  people: Person[];
  groups: Person[];
  demo: DemoOrganisation;
  /** A date `hours` before the anchor. */
  before(hours: number): Date;
  repoById: Map<string, DemoRepository>;
  commitById: Map<string, DemoCommit>;
}

export function anchorFor(seed: number): Date {
  // A fixed weekday morning in 2025 that moves with the seed, so outputs are stable per seed.
  return new Date(Date.UTC(2025, 2, 3, 10, 0, 0) + ((seed >>> 0) % 120) * DAY);
}

export function generateDemo(options: GenerateOptions): DemoOrganisation {
  const seed = options.seed >>> 0;
  const rng = new Random(seed);
  const anchor = options.anchor ?? anchorFor(seed);
  const profile = PROFILES[options.size];
  const person = (name: string, alias: string): Person => {
    const id = uuidFrom(`person:${seed}:${alias}`);
    return {
      id,
      displayName: name,
      uniqueName: `${alias}@fabrikam.com`,
      descriptor: `aad.${Buffer.from(id).toString("base64").slice(0, 24)}`,
    };
  };
  const people = PEOPLE.map(([name, alias]) => person(name, alias));
  const projects: DemoProject[] = [
    {
      id: uuidFrom(`project:${seed}:main`),
      name: "Fabrikam",
      description: "Fabrikam Fiber online store",
      revision: 412,
      lastUpdateTime: new Date(anchor.getTime() - 40 * DAY),
    },
    {
      id: uuidFrom(`project:${seed}:second`),
      name: "Contoso-Shared",
      description: "Components shared with Contoso",
      revision: 97,
      lastUpdateTime: new Date(anchor.getTime() - 75 * DAY),
    },
  ];
  const groups = GROUPS.map((name) => ({
    id: uuidFrom(`group:${seed}:${name}`),
    displayName: `[${projects[0].name}]\\${name}`,
    uniqueName: `vstfs:///Classification/TeamProject/${projects[0].id}\\${name}`,
    descriptor: `vssgp.${Buffer.from(name).toString("base64")}`,
    isContainer: true,
  }));
  const demo: DemoOrganisation = {
    org: options.org,
    seed,
    size: options.size,
    anchor,
    people,
    projects,
    mainProjectId: projects[0].id,
    repositories: [],
    pullRequests: [],
    policyTypes: [],
    policies: [],
    buildDefinitions: [],
    builds: [],
    environments: [],
    deploymentRecords: [],
    checkConfigurations: [],
    checkSuites: [],
    approvals: [],
    releaseDefinitions: [],
    releases: [],
    workItems: [],
  };
  const ctx: GenContext = {
    seed,
    rng,
    anchor,
    profile,
    large: options.size === "large",
    people,
    groups,
    demo,
    before: (hours) => new Date(anchor.getTime() - Math.round(hours * HOUR)),
    repoById: new Map(),
    commitById: new Map(),
  };

  generateRepositories(ctx);
  generateWorkItems(ctx);
  generatePullRequests(ctx);
  generatePipelines(ctx);
  generateReleases(ctx);
  generatePolicies(ctx);
  addBulkRun(ctx);
  linkWorkItems(ctx);
  // Older runs, incidents and their work items, for delivery metrics over three months.
  const history = addDeliveryHistory(ctx);
  addDeliveryItems(ctx, history);
  addHistoryPullRequests(ctx, history);
  addClassicHistory(ctx);
  // Last, so everything above is generated exactly as before.
  if (ctx.large) addOrgProjects(ctx);
  return demo;
}

function repoSpecs(ctx: GenContext): RepoSpec[] {
  const specs = [...MAIN_REPOS];
  const rng = ctx.rng.fork("repo-specs");
  for (let index = 0; index < ctx.profile.extraRepos; index++) {
    const domain = DOMAINS[index % DOMAINS.length];
    const component = COMPONENTS[Math.floor(index / DOMAINS.length) % COMPONENTS.length];
    const round = Math.floor(index / (DOMAINS.length * COMPONENTS.length));
    const name = round === 0 ? `${domain}-${component}` : `${domain}-${component}-${round + 1}`;
    const roll = rng.next();
    if (roll < 0.02) specs.push({ name });
    else if (roll < 0.04)
      specs.push({ name, defaultBranch: "refs/heads/master", isDisabled: true });
    else if (roll < 0.16) specs.push({ name, defaultBranch: "refs/heads/master" });
    else if (roll < 0.21) specs.push({ name, defaultBranch: "refs/heads/develop" });
    else specs.push({ name, defaultBranch: "refs/heads/main" });
  }
  return specs;
}

function generateRepositories(ctx: GenContext): void {
  const { demo } = ctx;
  const add = (projectId: string, spec: RepoSpec) => {
    const repo = makeRepository(ctx, projectId, spec);
    demo.repositories.push(repo);
    ctx.repoById.set(repo.id, repo);
    for (const commit of [...repo.commits, ...repo.branchCommits]) {
      ctx.commitById.set(commit.commitId, commit);
    }
  };
  for (const spec of repoSpecs(ctx)) add(demo.projects[0].id, spec);
  for (const spec of SECOND_REPOS) add(demo.projects[1].id, spec);
}

export function makeRepository(ctx: GenContext, projectId: string, spec: RepoSpec): DemoRepository {
  const id = uuidFrom(`repo:${ctx.seed}:${projectId}:${spec.name}`);
  const rng = ctx.rng.fork(`repo:${spec.name}`);
  const repo: DemoRepository = {
    id,
    name: spec.name,
    projectId,
    defaultBranch: spec.defaultBranch,
    isDisabled: spec.isDisabled ?? false,
    size: 0,
    refs: [],
    commits: [],
    branchCommits: [],
  };
  const files = demoFiles(spec.name, ctx.anchor);
  if (files) repo.files = files;
  if (!spec.defaultBranch) return repo;

  const count = ctx.profile.commitsPerRepo + rng.int(-4, 4);
  let hoursAgo = rng.int(1, 6);
  const commits: DemoCommit[] = [];
  for (let index = 0; index < count; index++) {
    const author = rng.pick(ctx.people);
    commits.push({
      commitId: shaFrom(`commit:${ctx.seed}:${id}:${index}`),
      repositoryId: id,
      author,
      date: ctx.before(hoursAgo),
      comment: rng.pick(COMMIT_MESSAGES),
      parents: [],
      changeCounts: { Add: rng.int(0, 4), Edit: rng.int(1, 9), Delete: rng.int(0, 2) },
      workItemIds: [],
    });
    hoursAgo += rng.int(6, 30);
  }
  for (let index = 0; index < commits.length - 1; index++) {
    commits[index].parents = [commits[index + 1].commitId];
  }
  commits[commits.length - 1].comment = "Initial commit";
  repo.commits = commits;
  repo.size = 40000 + rng.int(0, 9000000);

  const creator = rng.pick(ctx.people);
  const refs: DemoRef[] = [{ name: spec.defaultBranch, objectId: commits[0].commitId, creator }];
  refs.push({
    name: "refs/heads/release/1.0",
    objectId: commits[Math.min(6, commits.length - 1)].commitId,
    creator,
  });
  refs.push({
    name: "refs/heads/release/1.1",
    objectId: commits[Math.min(2, commits.length - 1)].commitId,
    creator,
  });
  const branchHead = (key: string, comment: string): string => {
    const base = commits[rng.int(0, Math.min(5, commits.length - 1))];
    const author = rng.pick(ctx.people);
    const commit: DemoCommit = {
      commitId: shaFrom(`branch:${ctx.seed}:${id}:${key}`),
      repositoryId: id,
      author,
      date: new Date(Math.min(base.date.getTime() + rng.int(1, 48) * HOUR, ctx.anchor.getTime())),
      comment,
      parents: [base.commitId],
      changeCounts: { Add: rng.int(0, 3), Edit: rng.int(1, 6), Delete: 0 },
      workItemIds: [],
    };
    repo.branchCommits.push(commit);
    return commit.commitId;
  };
  for (const topic of rng.sample(FEATURE_TOPICS, 3)) {
    refs.push({
      name: `refs/heads/feature/${topic}`,
      objectId: branchHead(topic, `WIP: ${topic.replace(/-/g, " ")}`),
      creator: rng.pick(ctx.people),
    });
  }
  refs.push({
    name: `refs/tags/v1.${rng.int(0, 9)}.0`,
    objectId: commits[Math.min(4, commits.length - 1)].commitId,
    creator,
  });
  if (spec.name === "web-app") {
    refs.push({
      name: TRICKY_TEXT.branch,
      objectId: branchHead("hostile", `Try ${TRICKY_TEXT.productName} in the product name field`),
      creator,
    });
  }
  refs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  repo.refs = refs;
  return repo;
}

function generateWorkItems(ctx: GenContext): void {
  const rng = ctx.rng.fork("work-items");
  const { demo } = ctx;
  const secondCount = Math.max(20, Math.round(ctx.profile.workItems * 0.06));
  const mainCount = ctx.profile.workItems - secondCount;
  let nextId = 1;
  const make = (projectId: string, count: number) => {
    let currentStory: DemoWorkItem | undefined;
    for (let index = 0; index < count; index++) {
      const roll = rng.next();
      const type: DemoWorkItem["type"] = roll < 0.2 ? "Bug" : roll < 0.55 ? "User Story" : "Task";
      const created = ctx.before(rng.int(24, 24 * 120));
      const changed = new Date(
        Math.min(created.getTime() + rng.int(1, 24 * 30) * HOUR, ctx.anchor.getTime()),
      );
      const state = rng.pick(
        type === "Task"
          ? ["New", "Active", "Closed", "Closed"]
          : ["New", "Active", "Resolved", "Closed"],
      );
      let title: string;
      if (type === "Bug") title = rng.pick(BUG_TITLES);
      else if (type === "User Story") title = rng.pick(STORY_TITLES);
      else title = `${rng.pick(TASK_TITLES)} (${rng.pick(DOMAINS)})`;
      const item: DemoWorkItem = {
        id: nextId++,
        projectId,
        rev: rng.int(1, 12),
        type,
        title,
        state,
        reason:
          state === "New" ? "New" : state === "Active" ? "Implementation started" : "Completed",
        priority: rng.int(1, 4),
        createdBy: rng.pick(ctx.people),
        createdDate: created,
        changedDate: changed,
        assignedTo: rng.chance(0.8) ? rng.pick(ctx.people) : undefined,
        relations: [],
      };
      if (type === "User Story") currentStory = item;
      if (type === "Task" && currentStory) {
        item.relations.push({
          rel: "System.LinkTypes.Hierarchy-Reverse",
          targetWorkItemId: currentStory.id,
          targetProjectId: projectId,
          attributes: { isLocked: false, name: "Parent" },
        });
        currentStory.relations.push({
          rel: "System.LinkTypes.Hierarchy-Forward",
          targetWorkItemId: item.id,
          targetProjectId: projectId,
          attributes: { isLocked: false, name: "Child" },
        });
      }
      demo.workItems.push(item);
    }
  };
  make(demo.projects[0].id, mainCount);
  make(demo.projects[1].id, secondCount);
  // Titles with quotes and ampersands the product must escape (markup is for --hostile only).
  const bug = demo.workItems.find((item) => item.type === "Bug");
  const story = demo.workItems.find((item) => item.type === "User Story");
  if (bug) bug.title = `Rendering breaks on ${TRICKY_TEXT.productName} in product names`;
  if (story) story.title = "As an editor I can paste rich text from Word & Google Docs safely";
}

function generatePullRequests(ctx: GenContext): void {
  const { demo } = ctx;
  const rng = ctx.rng.fork("pull-requests");
  const linkable = new Map<string, DemoWorkItem[]>();
  for (const item of demo.workItems) {
    if (item.type === "Task") continue;
    const list = linkable.get(item.projectId) ?? [];
    list.push(item);
    linkable.set(item.projectId, list);
  }
  let nextId = 1;
  let bypassDone = false;
  let hostileDone = false;
  for (const repo of demo.repositories) {
    if (repo.commits.length === 0) continue;
    const pool = linkable.get(repo.projectId) ?? [];
    const count = ctx.profile.pullRequestsPerRepo;
    let completedIndex = 0;
    for (let index = 0; index < count; index++) {
      const id = nextId++;
      const roll = rng.next();
      let status: PrStatus = roll < 0.6 ? "completed" : roll < 0.85 ? "active" : "abandoned";
      const topic = rng.pick(FEATURE_TOPICS);
      const creator = rng.pick(ctx.people);
      let title = rng.pick(PR_TITLES);
      let sourceRefName = rng.chance(0.5)
        ? `refs/heads/feature/${topic}`
        : `refs/heads/users/${creator.uniqueName.split("@")[0]}/${topic}`;
      // Every seed gets one active, linked PR whose title needs escaping.
      const hostile = !hostileDone && repo.name === "web-app";
      if (hostile) {
        status = "active";
        title = `Escape product names like ${TRICKY_TEXT.productName}`;
        sourceRefName = TRICKY_TEXT.branch;
        hostileDone = true;
      }
      const defaultBranch = repo.defaultBranch as string;
      const workItemIds =
        hostile || rng.chance(0.85) ? rng.sample(pool, rng.int(1, 2)).map((item) => item.id) : [];
      const pr: DemoPullRequest = {
        id,
        repositoryId: repo.id,
        projectId: repo.projectId,
        status,
        title,
        description: `${title}.\n\nSee the linked work items for context.`,
        sourceRefName,
        targetRefName: defaultBranch,
        createdBy: creator,
        creationDate: ctx.before(rng.int(2, 24 * 40)),
        isDraft: status === "active" && rng.chance(0.15),
        mergeStatus: "succeeded",
        lastMergeSourceCommit: shaFrom(`pr-source:${ctx.seed}:${repo.id}:${id}`),
        lastMergeTargetCommit: repo.commits[0].commitId,
        reviewers: reviewersFor(ctx, rng, creator, status),
        workItemIds,
      };
      // Completed PRs land on the default branch: their merge commit is on the chain.
      const chainIndex = 1 + completedIndex * 3;
      if (status === "completed" && chainIndex < repo.commits.length - 1) {
        completedIndex++;
        const merge = repo.commits[chainIndex];
        const strategy = rng.pick(["squash", "squash", "noFastForward", "rebaseMerge"] as const);
        pr.mergeStrategy = strategy;
        pr.lastMergeCommit = merge.commitId;
        pr.lastMergeTargetCommit = merge.parents[0];
        pr.creationDate = new Date(merge.date.getTime() - rng.int(2, 72) * HOUR);
        pr.closedDate = merge.date;
        pr.closedBy = rng.pick(ctx.people);
        merge.author = creator;
        merge.comment =
          strategy === "noFastForward"
            ? `Merge pull request ${id} from ${sourceRefName.replace("refs/heads/", "")} into ${defaultBranch.replace("refs/heads/", "")}`
            : `Merged PR ${id}: ${title}`;
        if (strategy === "noFastForward")
          merge.parents = [merge.parents[0], pr.lastMergeSourceCommit];
        merge.workItemIds = [...workItemIds];
        if (!bypassDone && repo.name === "web-app") {
          pr.bypassPolicy = true;
          pr.bypassReason = "Hotfix for production incident INC-4711, approved by on-call lead";
          bypassDone = true;
        }
      } else if (status === "completed") {
        // No room left on the chain: the PR was abandoned instead.
        pr.status = "abandoned";
        pr.closedDate = new Date(pr.creationDate.getTime() + rng.int(1, 96) * HOUR);
        pr.closedBy = creator;
        pr.mergeStatus = "notSet";
      } else if (status === "abandoned") {
        pr.closedDate = new Date(pr.creationDate.getTime() + rng.int(1, 96) * HOUR);
        pr.closedBy = creator;
        pr.mergeStatus = "notSet";
      } else {
        pr.lastMergeCommit = shaFrom(`pr-merge:${ctx.seed}:${repo.id}:${id}`);
        pr.mergeStatus = rng.chance(0.1) ? "conflicts" : "succeeded";
        if (rng.chance(0.2)) pr.targetRefName = "refs/heads/release/1.1";
      }
      if (pr.closedDate && pr.closedDate > ctx.anchor) pr.closedDate = ctx.anchor;
      demo.pullRequests.push(pr);
    }
  }
  // Commits outside PRs sometimes name a task directly ("Fixed in Commit").
  const tasks = demo.workItems.filter((item) => item.type === "Task");
  const tasksByProject = new Map<string, DemoWorkItem[]>();
  for (const task of tasks) {
    const list = tasksByProject.get(task.projectId) ?? [];
    list.push(task);
    tasksByProject.set(task.projectId, list);
  }
  for (const repo of demo.repositories) {
    const pool = tasksByProject.get(repo.projectId) ?? [];
    if (pool.length === 0) continue;
    for (const commit of repo.commits) {
      if (commit.workItemIds.length === 0 && rng.chance(0.2)) {
        commit.workItemIds.push(rng.pick(pool).id);
      }
    }
  }
}

function reviewersFor(
  ctx: GenContext,
  rng: Random,
  creator: Person,
  status: PrStatus,
): DemoReviewer[] {
  const candidates = ctx.people.filter((person) => person.id !== creator.id);
  const chosen = rng.sample(candidates, rng.int(1, 3));
  const reviewers: DemoReviewer[] = chosen.map((person) => ({
    person,
    vote:
      status === "completed"
        ? rng.pick([10, 10, 10, 5, 0])
        : status === "active"
          ? rng.pick([10, 5, 0, 0, -5, -10])
          : rng.pick([0, -10]),
    isRequired: rng.chance(0.3),
    hasDeclined: false,
  }));
  if (rng.chance(0.25)) {
    reviewers.push({ person: ctx.groups[1], vote: 0, isRequired: true, hasDeclined: false });
  }
  return reviewers;
}
