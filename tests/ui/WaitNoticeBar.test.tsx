import * as React from "react";
import { act, render, screen } from "@testing-library/react";
import { createWaitFeed } from "../../src/core/sources";
import { WaitNoticeBar, waitNoticeText } from "../../src/ui/components/WaitNoticeBar";
import { SourcesProvider } from "../../src/ui/context";
import { createWebLinks } from "../../src/ui/links";
import { createFakeSources } from "../fakes/sources";

describe("WaitNoticeBar", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("announces the back-off the REST layer chose, and clears it when the wait is over", () => {
    const { feed, publish } = createWaitFeed();
    render(
      <SourcesProvider
        sources={createFakeSources().sources}
        project="Demo"
        links={createWebLinks("https://dev.azure.com/fabrikam", "Demo")}
        waits={feed}
      >
        <WaitNoticeBar />
      </SourcesProvider>,
    );
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("");
    act(() => publish({ ms: 12_000, reason: "Azure DevOps is throttling (429)" }));
    expect(status.textContent).toBe(
      "Azure DevOps is throttling (429): waiting 12 s before reading on.",
    );
    act(() => {
      jest.advanceTimersByTime(12_000);
    });
    expect(status.textContent).toBe("");
  });

  it("says minutes for long waits", () => {
    expect(waitNoticeText({ ms: 120_000, reason: "Retry-After" })).toBe(
      "Retry-After: waiting 2 min before reading on.",
    );
  });
});
