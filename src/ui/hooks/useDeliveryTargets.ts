import * as React from "react";
import { attempt, type NotAvailable, type Sources } from "../../core/sources";
import { foldName } from "../../core/vocabulary";
import { useUiEnvironment } from "../context";
import { useAsync, type AsyncState } from "./useAsync";

/** A pipeline or Classic release definition the delivery metrics can be narrowed to. */
export interface DeliveryPipeline {
  kind: "yaml" | "classic";
  id: number;
  name: string;
}

export interface DeliveryTargets {
  pipelines: DeliveryPipeline[];
  /** YAML environments and Classic stage names, once each (case-insensitively), sorted. */
  environments: string[];
  /** What could not be read: the choices may be missing some. */
  notAvailable: NotAvailable[];
}

const byName = (left: { name: string }, right: { name: string }) =>
  left.name.localeCompare(right.name);

/** What the Delivery filters and the widget configuration offer: three list reads. */
export async function loadDeliveryTargets(
  sources: Sources,
  project: string,
): Promise<DeliveryTargets> {
  const notAvailable: NotAvailable[] = [];
  const [pipelines, definitions, environments] = await Promise.all([
    attempt(notAvailable, "pipelines", () => sources.build.listPipelines(project), []),
    attempt(
      notAvailable,
      "release definitions",
      () => sources.release.listReleaseDefinitions(project),
      [],
    ),
    attempt(notAvailable, "environments", () => sources.environments.listEnvironments(project), []),
  ]);
  const names = new Map<string, string>();
  const stageNames = definitions.flatMap((definition) =>
    definition.environments.map((stage) => stage.name),
  );
  for (const name of [...environments.map((environment) => environment.name), ...stageNames]) {
    if (!names.has(foldName(name))) names.set(foldName(name), name);
  }
  return {
    pipelines: [
      ...pipelines
        .filter((pipeline) => pipeline.kind === "yaml")
        .map((pipeline) => ({ kind: "yaml" as const, id: pipeline.id, name: pipeline.name }))
        .sort(byName),
      ...definitions
        .map((definition) => ({
          kind: "classic" as const,
          id: definition.id,
          name: definition.name,
        }))
        .sort(byName),
    ],
    environments: [...names.values()].sort((left, right) => left.localeCompare(right)),
    notAvailable,
  };
}

export function useDeliveryTargets(): AsyncState<DeliveryTargets> {
  const { sources, project } = useUiEnvironment();
  const load = React.useCallback(() => loadDeliveryTargets(sources, project), [sources, project]);
  return useAsync(load);
}
