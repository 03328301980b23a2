/**
 * Branch and repository policies: project-wide, cross-repo DefaultBranch, Prefix and Exact scopes,
 * disabled and non-blocking ones, revisions, and one type id the policy/types list does not know.
 */
import type { GenContext } from "./generate";
import type { DemoPolicy, DemoPolicyType, DemoRepository, PolicyScopeEntry } from "./model";
import type { Random } from "./random";

export const POLICY_TYPES: DemoPolicyType[] = [
  {
    id: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
    displayName: "Minimum number of reviewers",
    description:
      "This policy will ensure that a minimum number of reviewers have approved a pull request before completion.",
  },
  {
    id: "0609b952-1397-4640-95ec-e00a01b2c241",
    displayName: "Build",
    description:
      "This policy will require a successful build has been performed before updating protected refs.",
  },
  {
    id: "40e92b44-2fe1-4dd6-b3d8-74a9c21d0c6e",
    displayName: "Work item linking",
    description: "This policy encourages developers to link commits to work items.",
  },
  {
    id: "c6a1889d-b943-4856-b76f-9e46bb6b0df2",
    displayName: "Comment requirements",
    description: "Check if the pull request has any active comments",
  },
  {
    id: "fd2167ab-b0be-447a-8ec8-39368250530e",
    displayName: "Required reviewers",
    description:
      "This policy will ensure that required reviewers are added for modified files matching specified patterns.",
  },
  {
    id: "fa4e907d-c16b-4a4c-9dfa-4916e5d171ab",
    displayName: "Require a merge strategy",
    description: "This policy ensures that pull requests use a consistent merge strategy.",
  },
  {
    id: "cbdc66da-9728-4af8-aada-9a5a32e4a226",
    displayName: "Status",
    description:
      "This policy will require a successful status to be posted before updating protected refs.",
  },
  {
    id: "2e26e725-8201-4edd-8bf5-978563c34a80",
    displayName: "File size restriction",
    description:
      "This policy will reject pushes to a repository for files which exceed the specified size.",
  },
  {
    id: "51c78909-e838-41a2-9496-c647091e3c61",
    displayName: "File name restriction",
    description:
      "This policy will reject pushes to a repository which add file paths that match the specified patterns.",
  },
  {
    id: "001a79cf-fda1-4c4e-9e7c-bac40ee5ead8",
    displayName: "Path Length restriction",
    description:
      "This policy will reject pushes to a repository for paths which exceed the specified length.",
  },
  {
    id: "db2b9b4c-180d-4529-9701-01541d19f36b",
    displayName: "Reserved names restriction",
    description:
      "This policy will reject pushes to a repository for names which aren't valid on all supported client OSes.",
  },
  {
    id: "77ed4bd3-b063-4689-934a-175e4d0a78d7",
    displayName: "Commit author email validation",
    description:
      "This policy will block pushes from including commits where the author email does not match the specified patterns.",
  },
  {
    id: "7ed39669-655c-494e-b4a0-a08b4da0fcce",
    displayName: "Git repository settings",
    description: "Git repository settings",
  },
  {
    id: "ec003f37-8db0-4e10-992a-a2895045752c",
    displayName: "Secrets scanning restriction",
    description:
      "This policy will reject pushes to a repository for files that contain credentials or secrets.",
  },
];

/** A type id that policy/types does not list; consumers must pass it through untouched. */
export const UNKNOWN_POLICY_TYPE = {
  id: "3b2d1f6e-8c4a-4e7b-9f0d-2a6c5e8b1d47",
  displayName: "Proof of deployment readiness",
};

const T = {
  minReviewers: POLICY_TYPES[0],
  build: POLICY_TYPES[1],
  workItemLinking: POLICY_TYPES[2],
  comments: POLICY_TYPES[3],
  requiredReviewers: POLICY_TYPES[4],
  mergeStrategy: POLICY_TYPES[5],
  status: POLICY_TYPES[6],
  fileSize: POLICY_TYPES[7],
  fileName: POLICY_TYPES[8],
  pathLength: POLICY_TYPES[9],
  reservedNames: POLICY_TYPES[10],
  authorEmail: POLICY_TYPES[11],
  repoSettings: POLICY_TYPES[12],
  secrets: POLICY_TYPES[13],
};

// Scopes as a client would POST them (lower-case matchKind); `normalizeSettings` stores them
// the way the service returns them.
const exact = (repositoryId: string | null, refName: string): PolicyScopeEntry => ({
  repositoryId,
  refName,
  matchKind: "exact",
});
const prefix = (repositoryId: string | null, refName: string): PolicyScopeEntry => ({
  repositoryId,
  refName,
  matchKind: "prefix",
});
const defaultBranch = (): PolicyScopeEntry => ({
  repositoryId: null,
  refName: null,
  matchKind: "defaultBranch",
});
const wholeRepo = (repositoryId: string | null): PolicyScopeEntry => ({ repositoryId });

/** What the service does to stored settings: drop false booleans, capitalise matchKind, scope last. */
export function normalizeSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === "scope" || value === false) continue;
    result[key] = value;
  }
  if (Array.isArray(settings.scope)) {
    result.scope = (settings.scope as PolicyScopeEntry[]).map((entry) => {
      const stored: PolicyScopeEntry = { ...entry };
      if (typeof entry.matchKind === "string" && entry.matchKind.length > 0) {
        stored.matchKind = entry.matchKind[0].toUpperCase() + entry.matchKind.slice(1);
      }
      return stored;
    });
  }
  return result;
}

interface Draft {
  type: { id: string; displayName: string };
  settings: Record<string, unknown>;
  isEnabled?: boolean;
  isBlocking?: boolean;
  isDeleted?: boolean;
  /** Earlier settings, oldest first; each becomes a revision. */
  history?: { settings: Record<string, unknown>; isBlocking?: boolean; isEnabled?: boolean }[];
  projectId?: string;
}

function minReviewers(
  count: number,
  scope: PolicyScopeEntry[],
  rng: Random,
): Record<string, unknown> {
  return {
    minimumApproverCount: count,
    creatorVoteCounts: false,
    allowDownvotes: false,
    resetOnSourcePush: rng.chance(0.6),
    requireVoteOnLastIteration: rng.chance(0.4),
    resetRejectionsOnSourcePush: false,
    blockLastPusherVote: rng.chance(0.5),
    requireVoteOnEachIteration: false,
    scope,
  };
}

function buildPolicy(
  definitionId: number,
  name: string,
  scope: PolicyScopeEntry[],
): Record<string, unknown> {
  return {
    buildDefinitionId: definitionId,
    queueOnSourceUpdateOnly: true,
    manualQueueOnly: false,
    displayName: `${name} PR validation`,
    validDuration: 720,
    scope,
  };
}

function mergeStrategy(scope: PolicyScopeEntry[]): Record<string, unknown> {
  return {
    allowNoFastForward: false,
    allowSquash: true,
    allowRebase: false,
    allowRebaseMerge: true,
    scope,
  };
}

function requiredReviewers(
  reviewerIds: string[],
  scope: PolicyScopeEntry[],
): Record<string, unknown> {
  return {
    requiredReviewerIds: reviewerIds,
    minimumApproverCount: 1,
    creatorVoteCounts: false,
    filenamePatterns: ["/infra/*", "*.tf", "!/docs/*"],
    addedFilesOnly: false,
    message: "Infrastructure changes need a platform review",
    scope,
  };
}

export function generatePolicies(ctx: GenContext): void {
  const rng = ctx.rng.fork("policies");
  const { demo } = ctx;
  demo.policyTypes = POLICY_TYPES;
  const repo = (name: string) =>
    demo.repositories.find((item) => item.name === name) as DemoRepository;
  const definitionFor = new Map<string, { id: number; name: string }>();
  for (const definition of demo.buildDefinitions) {
    if (!definitionFor.has(definition.repositoryId)) {
      definitionFor.set(definition.repositoryId, { id: definition.id, name: definition.name });
    }
  }
  const drafts: Draft[] = [];
  const add = (draft: Draft) => drafts.push(draft);

  // Project-level policies.
  add({
    type: T.minReviewers,
    settings: minReviewers(2, [exact(null, "refs/heads/main")], rng),
    history: [
      { settings: minReviewers(1, [exact(null, "refs/heads/main")], rng), isBlocking: false },
    ],
  });
  add({
    type: T.status,
    settings: {
      statusName: "sonarqube",
      statusGenre: "quality",
      invalidateOnSourceUpdate: true,
      defaultDisplayName: "SonarQube quality gate",
      filenamePatterns: [],
      policyApplicability: null,
      scope: [defaultBranch()],
    },
  });
  add({
    type: T.workItemLinking,
    settings: { scope: [prefix(null, "refs/heads/release/")] },
    isBlocking: false,
  });
  add({
    type: T.fileSize,
    settings: {
      maximumGitBlobSizeInBytes: 5242880,
      useUncompressedSize: false,
      scope: [wholeRepo(null)],
    },
  });
  add({ type: T.reservedNames, settings: { scope: [wholeRepo(null)] } });
  add({ type: T.secrets, settings: { scope: [wholeRepo(null)] }, isEnabled: false });

  const defaultOf = (item: DemoRepository) => item.defaultBranch as string;
  const fixedRepos: [string, (item: DemoRepository) => void][] = [
    [
      "web-app",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        add({
          type: T.minReviewers,
          settings: minReviewers(2, scope, rng),
          history: [
            { settings: minReviewers(1, scope, rng), isEnabled: false },
            { settings: minReviewers(1, scope, rng) },
          ],
        });
        const definition = definitionFor.get(item.id);
        if (definition)
          add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
        add({ type: T.comments, settings: { scope } });
        add({ type: T.mergeStrategy, settings: mergeStrategy(scope) });
        add({ type: T.requiredReviewers, settings: requiredReviewers([ctx.groups[2].id], scope) });
        add({
          type: T.minReviewers,
          settings: minReviewers(2, [prefix(item.id, "refs/heads/release/")], rng),
        });
        add({
          type: UNKNOWN_POLICY_TYPE,
          settings: { evidenceRequired: true, attestationFeed: "deploy-readiness", scope },
        });
      },
    ],
    [
      "api-gateway",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        add({ type: T.minReviewers, settings: minReviewers(1, scope, rng) });
        const definition = definitionFor.get(item.id);
        if (definition)
          add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
        add({ type: T.workItemLinking, settings: { scope }, isBlocking: false });
        add({ type: T.comments, settings: { scope }, isDeleted: true });
      },
    ],
    [
      "payments-service",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        add({ type: T.minReviewers, settings: minReviewers(2, scope, rng) });
        const definition = definitionFor.get(item.id);
        if (definition) {
          add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
          add({
            type: T.build,
            settings: buildPolicy(definition.id, definition.name, [
              prefix(item.id, "refs/heads/release/"),
            ]),
          });
        }
        add({
          type: T.mergeStrategy,
          settings: {
            allowNoFastForward: false,
            allowSquash: true,
            allowRebase: false,
            allowRebaseMerge: false,
            scope,
          },
        });
      },
    ],
    [
      "identity-service",
      (item) => {
        // Protects `main`, but the default branch is `develop`: the default branch is unprotected.
        const scope = [exact(item.id, "refs/heads/main")];
        add({ type: T.minReviewers, settings: minReviewers(2, scope, rng) });
        add({ type: T.comments, settings: { scope } });
      },
    ],
    [
      "mobile-client",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        add({ type: T.minReviewers, settings: minReviewers(1, scope, rng), isEnabled: false });
        const definition = definitionFor.get(item.id);
        if (definition)
          add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
      },
    ],
    [
      "infra-terraform",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        add({ type: T.minReviewers, settings: minReviewers(1, scope, rng), isBlocking: false });
        add({ type: T.requiredReviewers, settings: requiredReviewers([ctx.groups[1].id], scope) });
      },
    ],
    [
      "data-pipeline",
      (item) => {
        const scope = [exact(item.id, defaultOf(item))];
        const definition = definitionFor.get(item.id);
        if (definition)
          add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
        add({ type: T.pathLength, settings: { maxPathLength: 248, scope: [wholeRepo(item.id)] } });
      },
    ],
    [
      "shared-libs",
      (item) => {
        add({
          type: T.minReviewers,
          settings: minReviewers(1, [exact(item.id, defaultOf(item))], rng),
        });
        add({
          type: T.fileName,
          settings: { filenamePatterns: ["*.exe", "*.dll", "*.pfx"], scope: [wholeRepo(item.id)] },
        });
        add({
          type: T.authorEmail,
          settings: { authorEmailPatterns: ["*@fabrikam.com"], scope: [wholeRepo(item.id)] },
        });
      },
    ],
    [
      "legacy-monolith",
      (item) =>
        add({
          type: T.minReviewers,
          settings: minReviewers(1, [exact(item.id, defaultOf(item))], rng),
        }),
    ],
    [
      "sandbox-empty",
      (item) =>
        add({
          type: T.repoSettings,
          settings: { enforceConsistentCase: true, scope: [wholeRepo(item.id)] },
        }),
    ],
  ];
  for (const [name, make] of fixedRepos) make(repo(name));

  // Second project: a couple of its own policies.
  const secondProjectId = demo.projects[1].id;
  const shared = demo.repositories.find(
    (item) => item.projectId === secondProjectId,
  ) as DemoRepository;
  add({
    type: T.minReviewers,
    settings: minReviewers(1, [exact(shared.id, defaultOf(shared))], rng),
    projectId: secondProjectId,
  });
  add({
    type: T.fileSize,
    settings: { maximumGitBlobSizeInBytes: 10485760, scope: [wholeRepo(null)] },
    projectId: secondProjectId,
  });

  // Repository policies compliance checks look at (added after every other small-org policy so the
  // earlier ids stay): secrets scanning enforced on one repository (the project-wide one is
  // disabled), and a stricter file size limit spelled the old way (capital M).
  add({ type: T.secrets, settings: { scope: [wholeRepo(repo("web-app").id)] } });
  add({
    type: T.fileSize,
    settings: {
      MaximumGitBlobSizeInBytes: 1048576,
      scope: [wholeRepo(repo("payments-service").id)],
    },
  });

  // Large organisations: a handful of policies per generated repository until the target.
  if (ctx.large) {
    const generated = demo.repositories.filter(
      (item) =>
        item.projectId === demo.mainProjectId &&
        item.defaultBranch &&
        !fixedRepos.some(([name]) => name === item.name),
    );
    for (
      let index = 0;
      drafts.length < ctx.profile.policiesTarget && generated.length > 0;
      index++
    ) {
      const item = generated[index % generated.length];
      const round = Math.floor(index / generated.length);
      const scope = [exact(item.id, defaultOf(item))];
      const definition = definitionFor.get(item.id);
      if (round === 0)
        add({
          type: T.minReviewers,
          settings: minReviewers(rng.int(1, 3), scope, rng),
          isEnabled: rng.chance(0.95),
        });
      else if (round === 1 && definition)
        add({ type: T.build, settings: buildPolicy(definition.id, definition.name, scope) });
      else if (round === 1)
        add({ type: T.workItemLinking, settings: { scope }, isBlocking: rng.chance(0.7) });
      else if (round === 2) add({ type: T.comments, settings: { scope } });
      else if (round === 3) add({ type: T.mergeStrategy, settings: mergeStrategy(scope) });
      else if (round === 4)
        add({
          type: T.minReviewers,
          settings: minReviewers(2, [prefix(item.id, "refs/heads/release/")], rng),
        });
      else
        add({
          type: rng.pick([T.fileName, T.pathLength, T.authorEmail]),
          settings: { scope: [wholeRepo(item.id)] },
        });
    }
  }

  drafts.forEach((draft, index) => {
    const id = index + 1;
    const history = draft.history ?? [];
    const revisions = [
      ...history,
      { settings: draft.settings, isBlocking: draft.isBlocking, isEnabled: draft.isEnabled },
    ];
    let created = ctx.before(24 * rng.int(60, 200));
    const policy: DemoPolicy = {
      id,
      projectId: draft.projectId ?? demo.mainProjectId,
      revisions: revisions.map((revision, position) => {
        created = new Date(created.getTime() + rng.int(24, 24 * 20) * 3600 * 1000);
        const isCurrent = position === revisions.length - 1;
        return {
          revision: position + 1,
          typeId: draft.type.id,
          typeDisplayName: draft.type.displayName,
          isEnabled: revision.isEnabled ?? true,
          isBlocking: revision.isBlocking ?? true,
          isDeleted: isCurrent ? (draft.isDeleted ?? false) : false,
          settings: normalizeSettings(revision.settings),
          createdBy: rng.pick(ctx.people),
          createdDate: created,
        };
      }),
    };
    demo.policies.push(policy);
  });
}
