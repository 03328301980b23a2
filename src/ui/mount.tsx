import * as React from "react";
import * as ReactDOM from "react-dom";
import { setFocusVisible } from "azure-devops-ui/Util";
import { ErrorCard } from "./components/ErrorCard";
import "./components/ui.css";
import { WaitNoticeBar } from "./components/WaitNoticeBar";
import { SourcesProvider, type UiEnvironment } from "./context";

function rootElement(): HTMLElement {
  const existing = document.getElementById("root");
  if (existing) return existing;
  const created = document.createElement("div");
  created.id = "root";
  document.body.appendChild(created);
  return created;
}

/**
 * azure-devops-ui draws focus rings once it has seen a keydown in this document. Tabbing in from
 * the host page fires that keydown in the host, so focus arriving without a mouse press is keyboard
 * focus too: without this the first element reached from the host has no visible focus.
 */
function showFocusWhenTabbedInto(): void {
  let pointerDown = false;
  window.addEventListener("mousedown", () => (pointerDown = true), true);
  window.addEventListener("mouseup", () => (pointerDown = false), true);
  window.addEventListener("focus", () => {
    if (!pointerDown) setFocusVisible(true);
  });
}

let focusTracking = false;

/** Renders into the page's #root (no StrictMode: azure-devops-ui observables break under it). */
export function renderInRoot(element: React.ReactElement, onRendered?: () => void): void {
  if (!focusTracking) {
    focusTracking = true;
    showFocusWhenTabbedInto();
  }
  ReactDOM.render(element, rootElement(), onRendered);
}

export function renderWithEnvironment(
  environment: UiEnvironment,
  element: React.ReactElement,
  onRendered?: () => void,
): void {
  renderInRoot(
    <SourcesProvider {...environment}>
      <WaitNoticeBar />
      {element}
    </SourcesProvider>,
    onRendered,
  );
}

/** What a page shows when it could not even start (no handshake, no project, no REST roots). */
export function renderStartupError(error: unknown): void {
  renderInRoot(
    <div className="padding-8">
      <ErrorCard error={error} whatFailed="Release Trace could not start" />
    </div>,
  );
}
