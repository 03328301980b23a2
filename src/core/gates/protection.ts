import type {
  CheckConfiguration,
  CheckKind,
  Environment,
  GatesPolicy,
  ReleaseApprovalPolicy,
  ReleaseDefinition,
} from "../model";
import { attempt, type NotAvailable, type Sources } from "../sources";
import {
  DEFAULT_PRODUCTION,
  isProductionName,
  type ProductionPattern,
} from "../vocabulary/production";

export interface ConfiguredCheck {
  id: number;
  kind: CheckKind;
  name: string;
  timeoutMinutes?: number;
  disabled: boolean;
  settings: Record<string, unknown>;
}

export interface EnvironmentProtection {
  id: number;
  name: string;
  production: boolean;
  checks: ConfiguredCheck[];
  /** Set when the checks could not be read: `checks` is then empty but unknown, not "none". */
  unknown?: NotAvailable[];
}

export interface ClassicStageProtection {
  definition: { id: number; name: string };
  stage: string;
  production: boolean;
  preApproval: ReleaseApprovalPolicy;
  postApproval: ReleaseApprovalPolicy;
  preGates: GatesPolicy;
  postGates: GatesPolicy;
}

export interface ProtectionResult {
  /** What "production" meant for the `production` marks, so the view can say so. */
  production: ProductionPattern;
  environments: EnvironmentProtection[];
  classicStages: ClassicStageProtection[];
  notAvailable: NotAvailable[];
}

/** The environments' checks and the Classic stages' approvals and gates, side by side (pure). */
export function describeProtection(
  environments: Environment[],
  configurations: CheckConfiguration[],
  definitions: ReleaseDefinition[],
  production: ProductionPattern = DEFAULT_PRODUCTION,
): Omit<ProtectionResult, "notAvailable"> {
  const byEnvironment = new Map<string, CheckConfiguration[]>();
  for (const configuration of configurations) {
    if (configuration.resource.type.toLowerCase() !== "environment") continue;
    const list = byEnvironment.get(configuration.resource.id) ?? [];
    list.push(configuration);
    byEnvironment.set(configuration.resource.id, list);
  }
  return {
    production,
    environments: environments.map((environment) => ({
      id: environment.id,
      name: environment.name,
      production: isProductionName(environment.name, production),
      checks: (byEnvironment.get(String(environment.id)) ?? [])
        .sort((a, b) => a.id - b.id)
        .map((configuration) => ({
          id: configuration.id,
          kind: configuration.kind,
          name: configuration.displayName,
          ...(configuration.timeoutMinutes !== undefined
            ? { timeoutMinutes: configuration.timeoutMinutes }
            : {}),
          disabled: configuration.isDisabled,
          settings: configuration.settings,
        })),
    })),
    classicStages: definitions.flatMap((definition) =>
      [...definition.environments]
        .sort((a, b) => a.rank - b.rank)
        .map((environment) => ({
          definition: { id: definition.id, name: definition.name },
          stage: environment.name,
          production: isProductionName(environment.name, production),
          preApproval: environment.preApproval,
          postApproval: environment.postApproval,
          preGates: environment.preGates,
          postGates: environment.postGates,
        })),
    ),
  };
}

/**
 * Which environments and Classic stages have which checks. Calls: one environment listing, the
 * check configurations of all of them in batch queries (50 resources each), one release
 * definition listing.
 */
export async function environmentProtection(
  sources: Sources,
  project: string,
  production: ProductionPattern = DEFAULT_PRODUCTION,
): Promise<ProtectionResult> {
  const notAvailable: NotAvailable[] = [];
  const guard = <T>(what: string, fallback: T, read: () => Promise<T>): Promise<T> =>
    attempt(notAvailable, what, read, fallback);
  const [environments, definitions] = await Promise.all([
    guard("environments", [] as Environment[], () =>
      sources.environments.listEnvironments(project),
    ),
    guard("release definitions", [] as ReleaseDefinition[], () =>
      sources.release.listReleaseDefinitions(project),
    ),
  ]);
  const configurations =
    environments.length === 0
      ? []
      : await guard("check configurations", [] as CheckConfiguration[], () =>
          sources.checks.queryCheckConfigurations(
            project,
            environments.map((environment) => ({
              type: "environment",
              id: String(environment.id),
              name: environment.name,
            })),
          ),
        );
  const described = describeProtection(environments, configurations, definitions, production);
  const checksFailure = notAvailable.find((entry) => entry.what === "check configurations");
  if (checksFailure) {
    described.environments = described.environments.map((environment) => ({
      ...environment,
      unknown: [{ ...checksFailure, what: `environment ${environment.name}`, fields: ["checks"] }],
    }));
  }
  return { ...described, notAvailable };
}
