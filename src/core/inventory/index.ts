import type { Project } from "../model";
import { attempt, completeList, type NotAvailable, type Sources } from "../sources";

/**
 * What a project holds, counted from the ports. One listing per item; a listing that fails makes
 * that item `not-available` with the reason and never hides the other items.
 */

/** A count that could not be read carries the one not-available entry that says why. */
export type Counted<T> =
  { available: true; value: T } | { available: false; notAvailable: NotAvailable };

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

/** One item that could not be counted: the not-available entry, keyed by the item. */
export type InventoryNotAvailable = { item: InventoryItem } & NotAvailable;

export interface Inventory {
  project: Project;
  counts: InventoryCounts;
  /** Every item that is not available, in report order. Empty when everything was read. */
  notAvailable: InventoryNotAvailable[];
}

/** What each item is called in a sentence ("Azure DevOps did not answer for the releases"). */
export const inventoryWords: Readonly<Record<InventoryItem, string>> = {
  repositories: "repositories",
  policyConfigurations: "policy configurations",
  pipelines: "pipelines",
  environments: "environments",
  releaseDefinitions: "release definitions",
  releases: "releases",
  workItems: "work items",
};

/** Counts one item; a SourceError makes it not-available, anything else (a bug) is thrown. */
async function count<T>(item: InventoryItem, read: () => Promise<T>): Promise<Counted<T>> {
  const failed: NotAvailable[] = [];
  const value = await attempt(failed, inventoryWords[item], read, undefined);
  return failed.length > 0
    ? { available: false, notAvailable: failed[0] }
    : { available: true, value: value as T };
}

/**
 * Counts what the project holds. The project itself must resolve: when `getProject` fails, its
 * error is thrown (an unknown project is an input error, not partial data).
 */
export async function collectInventory(sources: Sources, project: string): Promise<Inventory> {
  const resolved = await sources.core.getProject(project);
  const name = resolved.name;

  // Each `count` records its own source failure, so these run side by side and all settle.
  const [
    repositories,
    policyConfigurations,
    pipelines,
    environments,
    releaseDefinitions,
    releases,
    workItems,
  ] = await Promise.all([
    count("repositories", async () => {
      const list = completeList(await sources.git.listRepositories(name));
      return {
        total: list.length,
        disabled: list.filter((repository) => repository.isDisabled).length,
        empty: list.filter((repository) => repository.defaultBranch === undefined).length,
      };
    }),
    count("policyConfigurations", async () => {
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
    count("pipelines", async () => {
      const list = completeList(await sources.build.listPipelines(name));
      return {
        total: list.length,
        yaml: list.filter((pipeline) => pipeline.kind === "yaml").length,
        classic: list.filter((pipeline) => pipeline.kind === "classic").length,
      };
    }),
    count(
      "environments",
      async () => completeList(await sources.environments.listEnvironments(name)).length,
    ),
    count(
      "releaseDefinitions",
      async () => completeList(await sources.release.listReleaseDefinitions(name)).length,
    ),
    count("releases", async () => (await sources.release.listReleases(name)).length),
    count("workItems", async () => (await sources.workItems.listWorkItemIds(name)).length),
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
    if (!counted.available) notAvailable.push({ item, ...counted.notAvailable });
  }
  return { project: resolved, counts, notAvailable };
}
