import * as React from "react";
import type { Pipeline, ReleaseDefinition } from "../../core/model";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { useAsync, type AsyncState } from "./useAsync";

export interface GateTargets {
  yamlPipelines: Pipeline[];
  releaseDefinitions: ReleaseDefinition[];
}

export async function loadGateTargets(sources: Sources, project: string): Promise<GateTargets> {
  const [pipelines, releaseDefinitions] = await Promise.all([
    sources.build.listPipelines(project),
    sources.release.listReleaseDefinitions(project),
  ]);
  const byName = (left: { name: string }, right: { name: string }) =>
    left.name.localeCompare(right.name);
  return {
    yamlPipelines: pipelines.filter((pipeline) => pipeline.kind === "yaml").sort(byName),
    releaseDefinitions: [...releaseDefinitions].sort(byName),
  };
}

export function useGateTargets(): AsyncState<GateTargets> {
  const { sources, project } = useUiEnvironment();
  const load = React.useCallback(() => loadGateTargets(sources, project), [sources, project]);
  return useAsync(load);
}
