import * as React from "react";
import { act, render, screen } from "@testing-library/react";
import { SourceError } from "../../src/core/sources";
import { DEFAULT_PRODUCTION } from "../../src/core/vocabulary/production";
import { SourcesProvider } from "../../src/ui/context";
import { useDeliveryMetrics, type DeliveryQuery } from "../../src/ui/hooks/useDeliveryMetrics";
import { createWebLinks } from "../../src/ui/links";
import { createFakeSources, type FakeSources } from "../fakes/sources";

const NOW = new Date("2025-01-10T12:00:00Z");
const now = () => NOW;

function Probe(props: { query: DeliveryQuery }) {
  const state = useDeliveryMetrics(props.query, { now });
  if (state.loading) return <span>loading</span>;
  if (!state.report) return <span>error: {String(state.error)}</span>;
  const { report } = state;
  return (
    <span>
      {`${report.window.since} ${report.selection.pipeline ?? "all"} ${report.notAvailable.map((n) => n.what).join(",")}`}
    </span>
  );
}

function renderProbe(fake: FakeSources, query: DeliveryQuery) {
  const links = createWebLinks("https://dev.azure.com/fabrikam", "Demo");
  const ui = (next: DeliveryQuery) => (
    <SourcesProvider sources={fake.sources} project="Demo" links={links}>
      <Probe query={next} />
    </SourcesProvider>
  );
  const rendered = render(ui(query));
  return { rerender: (next: DeliveryQuery) => rendered.rerender(ui(next)) };
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const query: DeliveryQuery = { windowDays: 30, production: DEFAULT_PRODUCTION };

describe("useDeliveryMetrics", () => {
  it("reads once per window and scope; choosing a pipeline derives again without a request", async () => {
    const fake = createFakeSources({ environments: [{ id: 2, name: "prod" }] });
    const probe = renderProbe(fake, query);
    await settle();
    expect(screen.getByText(/^2024-12-12T00:00:00.000Z all/)).toBeTruthy();
    const reads = fake.calls.length;
    expect(reads).toBeGreaterThan(0);

    probe.rerender({ ...query, pipeline: "web-ci-cd" });
    await settle();
    expect(screen.getByText(/ web-ci-cd/)).toBeTruthy();
    expect(fake.calls.length).toBe(reads);

    probe.rerender({ ...query, pipeline: "web-ci-cd", windowDays: 7 });
    await settle();
    expect(screen.getByText(/^2025-01-04T00:00:00.000Z web-ci-cd/)).toBeTruthy();
    expect(fake.calls.length).toBeGreaterThan(reads);
  });

  it("reports what could not be read with the figures, not as a failed load", async () => {
    const fake = createFakeSources({ environments: [{ id: 2, name: "prod" }] });
    fake.fail("release.listReleases", new SourceError("server", "500 from releases"));
    renderProbe(fake, query);
    await settle();
    expect(screen.getByText(/all .*releases/)).toBeTruthy();
  });
});
