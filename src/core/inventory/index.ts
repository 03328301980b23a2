import type { Project } from "../model";
import { completeList, isSourceError, type Sources, type SourceErrorKind } from "../sources";

/**
 * What a project holds, counted from the ports. One listing per item; a listing that fails makes
 * that item `not-available` with the reason and never hides the other items.
 */

/** Why an item could not be counted. `unexpected` is an error that was not a SourceError (a bug). */
export interface UnavailableReason {
  kind: SourceErrorKind | "unexpected";
  message: string;
  status?: number;
}

export type Counted<T> =
  { available: true; value: T } | { available: false; reason: UnavailableReason };

export interface RepositoryCounts {
  total: number;
  disabled: number;
  /** Repositories without a default branch, i.e. without commits. */
  empty: number;
}

export interface PolicyCounts {
  total: number;
  enabled: number;
  /** Enabled and blocking: the configurations that actually hold a pull request. */
  blocking: number;
}

export interface PipelineCounts {
  total: number;
  yaml: number;
  classic: number;
}

export interface InventoryCounts {
  repositories: Counted<RepositoryCounts>;
  policyConfigurations: Counted<PolicyCounts>;
  pipelines: Counted<PipelineCounts>;
  environments: Counted<number>;
  releaseDefinitions: Counted<number>;
  releases: Counted<number>;
  workItems: Counted<number>;
}

export type InventoryItem = keyof InventoryCounts;

/** Items in the order they are reported. */
export const inventoryItems: readonly InventoryItem[] = [
  "repositories",
  "policyConfigurations",
  "pipelines",
  "environments",
  "releaseDefinitions",
  "releases",
  "workItems",
];

export interface Inventory {
  project: Project;
  counts: InventoryCounts;
  /** Every item that is not available, in report order. Empty when everything was read. */
  notAvailable: { item: InventoryItem; reason: UnavailableReason }[];
}

export function reasonOf(error: unknown): UnavailableReason {
  if (isSourceError(error)) {
    return error.status === undefined
      ? { kind: error.kind, message: error.message }
      : { kind: error.kind, message: error.message, status: error.status };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "unexpected", message };
}

async function count<T>(read: () => Promise<T>): Promise<Counted<T>> {
  try {
    return { available: true, value: await read() };
  } catch (error) {
    return { available: false, reason: reasonOf(error) };
  }
}

/**
 * Counts what the project holds. The project itself must resolve: when `getProject` fails, its
 * error is thrown (an unknown project is an input error, not partial data).
 */
export async function collectInventory(sources: Sources, project: string): Promise<Inventory> {
  const resolved = await sources.core.getProject(project);
  const name = resolved.name;

  // Each `count` catches its own failure, so these run side by side and all settle.
  const [
    repositories,
    policyConfigurations,
    pipelines,
    environments,
    releaseDefinitions,
    releases,
    workItems,
  ] = await Promise.all([
    count(async () => {
      const list = completeList(await sources.git.listRepositories(name));
      return {
        total: list.length,
        disabled: list.filter((repository) => repository.isDisabled).length,
        empty: list.filter((repository) => repository.defaultBranch === undefined).length,
      };
    }),
    count(async () => {
      const list = completeList(await sources.policy.listPolicyConfigurations(name));
      const live = list.filter((configuration) => !configuration.isDeleted);
      return {
        total: live.length,
        enabled: live.filter((configuration) => configuration.isEnabled).length,
        blocking: live.filter(
          (configuration) => configuration.isEnabled && configuration.isBlocking,
        ).length,
      };
    }),
    count(async () => {
      const list = completeList(await sources.build.listPipelines(name));
      return {
        total: list.length,
        yaml: list.filter((pipeline) => pipeline.kind === "yaml").length,
        classic: list.filter((pipeline) => pipeline.kind === "classic").length,
      };
    }),
    count(async () => completeList(await sources.environments.listEnvironments(name)).length),
    count(async () => completeList(await sources.release.listReleaseDefinitions(name)).length),
    count(async () => (await sources.release.listReleases(name)).length),
    count(async () => (await sources.workItems.listWorkItemIds(name)).length),
  ]);

  const counts: InventoryCounts = {
    repositories,
    policyConfigurations,
    pipelines,
    environments,
    releaseDefinitions,
    releases,
    workItems,
  };
  const notAvailable: Inventory["notAvailable"] = [];
  for (const item of inventoryItems) {
    const counted = counts[item];
    if (!counted.available) notAvailable.push({ item, reason: counted.reason });
  }
  return { project: resolved, counts, notAvailable };
}
