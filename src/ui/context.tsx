import * as React from "react";
import type { Sources } from "../core/sources";
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
}

const UiEnvironmentContext = React.createContext<UiEnvironment | undefined>(undefined);

export function SourcesProvider(props: UiEnvironment & { children?: React.ReactNode }) {
  const { sources, project, links, navigate, children } = props;
  const value = React.useMemo(
    () => ({ sources, project, links, navigate }),
    [sources, project, links, navigate],
  );
  return <UiEnvironmentContext.Provider value={value}>{children}</UiEnvironmentContext.Provider>;
}

export function useUiEnvironment(): UiEnvironment {
  const environment = React.useContext(UiEnvironmentContext);
  if (!environment) throw new Error("useUiEnvironment needs a SourcesProvider above it.");
  return environment;
}
