import * as React from "react";
import * as ReactDOM from "react-dom";
import { ErrorCard } from "./components/ErrorCard";
import { SourcesProvider, type UiEnvironment } from "./context";

function rootElement(): HTMLElement {
  const existing = document.getElementById("root");
  if (existing) return existing;
  const created = document.createElement("div");
  created.id = "root";
  document.body.appendChild(created);
  return created;
}

/** Renders into the page's #root (no StrictMode: azure-devops-ui observables break under it). */
export function renderInRoot(element: React.ReactElement, onRendered?: () => void): void {
  ReactDOM.render(element, rootElement(), onRendered);
}

export function renderWithEnvironment(
  environment: UiEnvironment,
  element: React.ReactElement,
  onRendered?: () => void,
): void {
  renderInRoot(<SourcesProvider {...environment}>{element}</SourcesProvider>, onRendered);
}

/** What a page shows when it could not even start (no handshake, no project, no REST roots). */
export function renderStartupError(error: unknown): void {
  renderInRoot(
    <div className="padding-8">
      <ErrorCard error={error} whatFailed="Release Trace could not start" />
    </div>,
  );
}
