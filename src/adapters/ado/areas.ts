/*
 * One maker per port: what builds that area's adapter on the shared connection. A page that reads
 * only some areas is built with only their makers (createAdoSourcesFor), so its bundle carries
 * neither the other adapters nor the REST clients they load (a widget configuration page that
 * lists repositories needs no build, release or work item client).
 */
import type { Sources } from "../../core/sources";
import { BuildAdapter } from "./clients/buildAdapter";
import { ChecksAdapter } from "./clients/checksAdapter";
import { CoreAdapter } from "./clients/coreAdapter";
import { EnvironmentAdapter } from "./clients/environmentAdapter";
import { GitAdapter } from "./clients/gitAdapter";
import { PolicyAdapter } from "./clients/policyAdapter";
import { ReleaseAdapter } from "./clients/releaseAdapter";
import type { AdapterContext } from "./clients/shared";
import { WorkItemAdapter } from "./clients/workItemAdapter";

/** The makers of the areas a page reads, by port name. */
export type SourceAreas = { [Area in keyof Sources]?: (context: AdapterContext) => Sources[Area] };

export const coreArea = (context: AdapterContext) => new CoreAdapter(context);
export const gitArea = (context: AdapterContext) => new GitAdapter(context);
export const policyArea = (context: AdapterContext) => new PolicyAdapter(context);
export const buildArea = (context: AdapterContext) => new BuildAdapter(context);
export const environmentsArea = (context: AdapterContext) => new EnvironmentAdapter(context);
export const checksArea = (context: AdapterContext) => new ChecksAdapter(context);
export const releaseArea = (context: AdapterContext) => new ReleaseAdapter(context);
export const workItemsArea = (context: AdapterContext) => new WorkItemAdapter(context);

/** Every area: the hub, the form group, the widgets, the CLI and the pipeline task. */
export const allAreas: Required<SourceAreas> = {
  core: coreArea,
  git: gitArea,
  policy: policyArea,
  build: buildArea,
  environments: environmentsArea,
  checks: checksArea,
  release: releaseArea,
  workItems: workItemsArea,
};

/**
 * The port of an area the page did not ask for: any read is a mistake in the page's list of
 * areas, so it fails loudly (a plain Error, never a SourceError that would read as "could not
 * read") rather than quietly loading nothing.
 */
export function unreadArea<Area extends keyof Sources>(area: Area): Sources[Area] {
  return new Proxy({} as Sources[Area], {
    get(_target, key) {
      // Not a method: symbols and `then` (the port is no promise) stay undefined.
      if (typeof key === "symbol" || key === "then") return undefined;
      return () =>
        Promise.reject(new Error(`this page does not read ${area} (it asked for ${key})`));
    },
  });
}

/** The ports for `areas`; every other port is an unread area. */
export function sourcesOf(context: AdapterContext, areas: SourceAreas): Sources {
  const port = <Area extends keyof Sources>(area: Area): Sources[Area] => {
    const make = areas[area] as ((context: AdapterContext) => Sources[Area]) | undefined;
    return make ? make(context) : unreadArea(area);
  };
  return {
    core: port("core"),
    git: port("git"),
    policy: port("policy"),
    build: port("build"),
    environments: port("environments"),
    checks: port("checks"),
    release: port("release"),
    workItems: port("workItems"),
  };
}
