import * as React from "react";
import type { Sources, WaitFeed } from "../core/sources";
import type { WebLinks } from "./links";

/** What every view needs from its surroundings: data ports, the project and how to open links. */
export interface UiEnvironment {
  sources: Sources;
  /** Project name or id, passed to every source call. */
  project: string;
  links: WebLinks;
  /**
   * Opens a web URL in the host (the Azure DevOps page around the extension frame). When absent,
   * links open in a new tab.
   */
  navigate?: (url: string) => void;
  /** REST requests made so far by `sources` (the adapters' counter); absent with fakes. */
  restCalls?: () => number;
  /** Long waits (throttling, Retry-After) the REST layer chose; views announce them. */
  waits?: WaitFeed;
}

const UiEnvironmentContext = React.createContext<UiEnvironment | undefined>(undefined);

export function SourcesProvider(props: UiEnvironment & { children?: React.ReactNode }) {
  const { sources, project, links, navigate, restCalls, waits, children } = props;
  const value = React.useMemo(
    () => ({ sources, project, links, navigate, restCalls, waits }),
    [sources, project, links, navigate, restCalls, waits],
  );
  return <UiEnvironmentContext.Provider value={value}>{children}</UiEnvironmentContext.Provider>;
}

export function useUiEnvironment(): UiEnvironment {
  const environment = React.useContext(UiEnvironmentContext);
  if (!environment) throw new Error("useUiEnvironment needs a SourcesProvider above it.");
  return environment;
}
