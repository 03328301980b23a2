/**
 * Large organisations only: more projects, each with a few repositories and branch policies, so an
 * organisation-wide compliance scan has something to fan out over. Added after everything else
 * from forks of their own, so the rest of the organisation (and the whole small one) is unchanged.
 */
import type { GenContext } from "./generate";
import { makeRepository } from "./generate";
import type { DemoPolicy } from "./model";
import { COMPONENTS, DOMAINS } from "./names";
import { normalizeSettings, POLICY_TYPES } from "./policies";
import { uuidFrom } from "./random";

const PROJECT_NAMES = [
  "Northwind-Retail",
  "Tailspin-Toys",
  "Wingtip-Travel",
  "Adventure-Works",
  "Litware-Labs",
  "Proseware",
  "Woodgrove-Bank",
  "Lucerne-Publishing",
  "Humongous-Insurance",
  "Coho-Winery",
  "Margie-Travel",
  "Fourth-Coffee",
  "Trey-Research",
  "Alpine-Ski-House",
];

const [minReviewers, , workItemLinking, comments, , mergeStrategy] = POLICY_TYPES;
const HOUR = 3600 * 1000;

export function addOrgProjects(ctx: GenContext): void {
  const { demo } = ctx;
  const rng = ctx.rng.fork("org-projects");
  let nextPolicyId = Math.max(0, ...demo.policies.map((policy) => policy.id)) + 1;
  PROJECT_NAMES.forEach((name, projectIndex) => {
    const project = {
      id: uuidFrom(`project:${ctx.seed}:org:${name}`),
      name,
      description: `${name.replace(/-/g, " ")} line-of-business applications`,
      revision: rng.int(10, 400),
      lastUpdateTime: ctx.before(24 * rng.int(5, 200)),
    };
    demo.projects.push(project);
    // Projects differ in how well they are protected: none, some, or most policies.
    const care = projectIndex % 3 === 0 ? 0 : projectIndex % 3 === 1 ? 0.5 : 0.9;
    const repoCount = rng.int(3, 6);
    for (let index = 0; index < repoCount; index++) {
      const domain = DOMAINS[(projectIndex * 7 + index) % DOMAINS.length];
      const component = COMPONENTS[(projectIndex + index * 3) % COMPONENTS.length];
      const roll = rng.next();
      const repo = makeRepository(ctx, project.id, {
        name: `${domain}-${component}`,
        defaultBranch: roll < 0.15 ? "refs/heads/master" : "refs/heads/main",
        isDisabled: roll > 0.97,
      });
      demo.repositories.push(repo);
      ctx.repoById.set(repo.id, repo);
      if (!repo.defaultBranch) continue;
      const scope = [{ repositoryId: repo.id, refName: repo.defaultBranch, matchKind: "exact" }];
      const drafts: { type: (typeof POLICY_TYPES)[number]; settings: Record<string, unknown> }[] =
        [];
      if (rng.chance(care))
        drafts.push({
          type: minReviewers,
          settings: {
            minimumApproverCount: rng.int(1, 2),
            creatorVoteCounts: rng.chance(0.2),
            resetOnSourcePush: rng.chance(0.6),
            scope,
          },
        });
      if (rng.chance(care)) drafts.push({ type: workItemLinking, settings: { scope } });
      if (rng.chance(care * 0.7)) drafts.push({ type: comments, settings: { scope } });
      if (rng.chance(care * 0.5))
        drafts.push({
          type: mergeStrategy,
          settings: { allowSquash: true, allowNoFastForward: false, scope },
        });
      for (const draft of drafts) {
        const policy: DemoPolicy = {
          id: nextPolicyId++,
          projectId: project.id,
          revisions: [
            {
              revision: 1,
              typeId: draft.type.id,
              typeDisplayName: draft.type.displayName,
              isEnabled: true,
              isBlocking: rng.chance(0.9),
              isDeleted: false,
              settings: normalizeSettings(draft.settings),
              createdBy: rng.pick(ctx.people),
              createdDate: new Date(ctx.anchor.getTime() - rng.int(24, 24 * 200) * HOUR),
            },
          ],
        };
        demo.policies.push(policy);
      }
    }
  });
}
