import * as React from "react";
import { render } from "@testing-library/react";
import type { Sources } from "../../src/core/sources";
import { SourcesProvider } from "../../src/ui/context";
import { createWebLinks } from "../../src/ui/links";

export const orgUrl = "https://dev.azure.com/fabrikam";

/** Renders a view the way a contribution does: inside the provider, with injected fake sources. */
export function renderWithSources(
  element: React.ReactElement,
  sources: Sources,
  options: { project?: string; navigate?: (url: string) => void } = {},
) {
  const project = options.project ?? "Demo";
  return render(
    <SourcesProvider
      sources={sources}
      project={project}
      links={createWebLinks(orgUrl, project)}
      navigate={options.navigate}
    >
      {element}
    </SourcesProvider>,
  );
}
