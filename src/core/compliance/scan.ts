import type {
  CheckConfiguration,
  Environment,
  Project,
  GitRef,
  PolicyConfiguration,
  ReleaseDefinition,
  Repository,
} from "../model";
import {
  completeList,
  isSourceError,
  notAvailableOf,
  type NotAvailable,
  type Sources,
} from "../sources";
import type { Baseline } from "./baseline/types";
import {
  evaluateCompliance,
  isUnavailable,
  type ComplianceEvaluation,
  type Unavailable,
} from "./evaluate";
import { complianceRules } from "./rules";
import { patternSelects } from "./rules/helpers";
import type { ProductionPattern } from "../vocabulary/production";
import type { RuleKind } from "./types";

export type ScanStep =
  | "repositories"
  | "policies"
  | "refs"
  | "environments"
  | "checks"
  | "release-definitions"
  | "evaluate";

/** What each step reads, for progress displays. */
export const scanStepLabels: Record<ScanStep, string> = {
  repositories: "Listing repositories",
  policies: "Listing policy configurations",
  refs: "Listing branches",
  environments: "Listing environments",
  checks: "Reading environment checks",
  "release-definitions": "Listing release definitions",
  evaluate: "Evaluating",
};

export interface ScanOptions {
  organization: string;
  project: string;
  baseline: Baseline;
  now: Date;
  /** What "production" means for rules without their own `pattern` (default: the default rule). */
  production?: ProductionPattern;
  /** Or: the pattern of the project, by id, once it is known (a project setting). */
  productionFor?: (projectId: string) => Promise<ProductionPattern>;
  onProgress?: (step: ScanStep, done: number, total: number) => void;
}

/**
 * A failed read as `Unavailable`, for the rules to report `not-available`. Only a SourceError is
 * missing data; anything else is a bug and is thrown.
 */
function unavailableAs(what: string): (error: unknown) => Unavailable {
  return (error) => {
    if (!isSourceError(error)) throw error;
    return {
      unavailable: `${error.kind}: ${error.message}`,
      notAvailable: notAvailableOf(what, error),
    };
  };
}

/** Does a rule of the baseline select by the production pattern (no `pattern` of its own)? */
export function needsProduction(baseline: Baseline): boolean {
  return [...baseline.rules].some(([id, config]) => {
    const kind = complianceRules.get(id)?.kind;
    return (
      (kind === "environment" || kind === "release-stage") &&
      typeof config.params.pattern !== "string"
    );
  });
}

/** The rule kinds a baseline names, which decide what the scan reads. */
function namedKinds(baseline: Baseline): Set<RuleKind> {
  const kinds = new Set<RuleKind>();
  for (const id of baseline.rules.keys()) {
    const rule = complianceRules.get(id);
    if (rule) kinds.add(rule.kind);
  }
  return kinds;
}

/**
 * Reads what the baseline needs with the fewest calls and evaluates:
 * - branch and repository rules: one repository listing, one policy listing for the whole project,
 *   refs only when the baseline names patterns;
 * - environment rules: one environment listing, then ONE check-configuration query for every
 *   environment a rule's pattern selects (the adapter batches it);
 * - release-stage rules: one release-definition listing (stages and approvals expanded).
 * Nothing else is read. A repository listing that fails is fatal (there is nothing to evaluate);
 * anything else becomes `not-available` results with the reason.
 */
/** The evaluation plus what it was computed from, so views can explain it without reading again. */
export interface ComplianceScanResult extends ComplianceEvaluation {
  projectId: string;
  project: Project;
  repositories: Repository[];
  policies: PolicyConfiguration[] | Unavailable;
  /** Every read that failed, in the one not-available model (results say `not-available`). */
  notAvailable: NotAvailable[];
}

/** The not-available entries of the reads that failed, in reading order. */
function failedReads(
  reads: (unknown[] | Unavailable | undefined)[],
  refs: Map<string, unknown[] | Unavailable>,
): NotAvailable[] {
  return [...reads, ...refs.values()].flatMap((read) =>
    isUnavailable(read) && read.notAvailable ? [read.notAvailable] : [],
  );
}

export async function scanCompliance(
  sources: Sources,
  options: ScanOptions,
): Promise<ComplianceScanResult> {
  const { baseline, onProgress } = options;
  const kinds = namedKinds(baseline);
  const project = await sources.core.getProject(options.project);
  const production =
    options.production ??
    (options.productionFor && needsProduction(baseline)
      ? await options.productionFor(project.id)
      : undefined);

  const reading: Promise<void>[] = [];
  let environments: Environment[] | Unavailable | undefined;
  let checkConfigurations: CheckConfiguration[] | Unavailable | undefined;
  if (kinds.has("environment")) {
    reading.push(
      (async () => {
        onProgress?.("environments", 0, 1);
        environments = await sources.environments
          .listEnvironments(project.id)
          .then(completeList)
          .catch(unavailableAs("environments"));
        onProgress?.("environments", 1, 1);
        if (isUnavailable(environments)) return;
        const selected = environments.filter((environment) =>
          [...baseline.rules].some(
            ([id, config]) =>
              complianceRules.get(id)?.kind === "environment" &&
              patternSelects(config.params, environment.name, production),
          ),
        );
        if (selected.length === 0) {
          checkConfigurations = [];
          return;
        }
        onProgress?.("checks", 0, 1);
        checkConfigurations = await sources.checks
          .queryCheckConfigurations(
            project.id,
            selected.map((environment) => ({
              type: "environment",
              id: String(environment.id),
              name: environment.name,
            })),
          )
          .catch(unavailableAs("environment checks"));
        onProgress?.("checks", 1, 1);
      })(),
    );
  }
  let releaseDefinitions: ReleaseDefinition[] | Unavailable | undefined;
  if (kinds.has("release-stage")) {
    reading.push(
      (async () => {
        onProgress?.("release-definitions", 0, 1);
        releaseDefinitions = await sources.release
          .listReleaseDefinitions(project.id)
          .then(completeList)
          .catch(unavailableAs("release definitions"));
        onProgress?.("release-definitions", 1, 1);
      })(),
    );
  }

  let repositories: Repository[] = [];
  let policies: PolicyConfiguration[] | Unavailable = [];
  const refs = new Map<string, GitRef[] | Unavailable>();
  if (kinds.has("branch") || kinds.has("repository")) {
    onProgress?.("repositories", 0, 1);
    repositories = completeList(await sources.git.listRepositories(project.id));
    onProgress?.("repositories", 1, 1);

    onProgress?.("policies", 0, 1);
    // A listing that shifted while paged may miss policies: not available, never fewer.
    policies = await sources.policy
      .listPolicyConfigurations(project.id)
      .then(completeList)
      .catch(unavailableAs("policy configurations"));
    onProgress?.("policies", 1, 1);

    const patterns = baseline.branches.filter((branch) => branch !== "default");
    if (kinds.has("branch") && patterns.length > 0) {
      // Ask only for branches when every pattern is a branch pattern (fewer refs to page through).
      const filter = patterns.every((pattern) => pattern.startsWith("refs/heads/"))
        ? "heads/"
        : undefined;
      const readable = repositories.filter(
        (repository) => !repository.isDisabled && repository.defaultBranch,
      );
      let done = 0;
      await Promise.all(
        readable.map(async (repository) => {
          const result = await sources.git
            .listRefs(project.id, repository.id, filter)
            .then(completeList)
            .catch(unavailableAs(`branches of ${repository.name}`));
          refs.set(repository.id, result);
          onProgress?.("refs", ++done, readable.length);
        }),
      );
    }
  }
  await Promise.all(reading);

  onProgress?.("evaluate", 0, 1);
  const evaluation = evaluateCompliance({
    organization: options.organization,
    project,
    repositories,
    policies,
    refs,
    environments,
    checkConfigurations,
    releaseDefinitions,
    baseline,
    now: options.now,
    ...(production ? { production } : {}),
  });
  onProgress?.("evaluate", 1, 1);
  const notAvailable = failedReads(
    [policies, environments, checkConfigurations, releaseDefinitions],
    refs,
  );
  return { ...evaluation, projectId: project.id, project, repositories, policies, notAvailable };
}
