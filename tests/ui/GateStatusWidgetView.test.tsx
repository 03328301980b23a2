import * as React from "react";
import { screen } from "@testing-library/react";
import { GateStatusWidgetView } from "../../src/ui/components/GateStatusWidgetView";
import type { PipelineApproval, ReleaseApproval } from "../../src/core/model";
import { SourceError } from "../../src/core/sources";
import { createFakeSources } from "../fakes/sources";
import { renderWithSources } from "./renderWithSources";

const now = new Date("2024-05-10T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

function yamlApproval(
  id: string,
  pipelineId: number,
  createdOn: Date,
  status = "pending",
): PipelineApproval {
  return {
    id,
    status: status as PipelineApproval["status"],
    createdOn,
    executionOrder: "anyOrder",
    minRequiredApprovers: 1,
    steps: [],
    pipeline: {
      id: pipelineId,
      name: `pipeline-${pipelineId}`,
      runId: 500 + pipelineId,
      runName: "20240510.1",
    },
  };
}

function classicApproval(id: number, definitionId: number, createdOn: Date): ReleaseApproval {
  return {
    id,
    approvalType: "preDeploy",
    status: "pending",
    isAutomated: false,
    createdOn,
    release: { id: 70 + id, name: `Release-${id}` },
    releaseDefinition: { id: definitionId, name: `definition-${definitionId}` },
    releaseEnvironment: { id: 1, name: "Production" },
  };
}

function org() {
  return createFakeSources({
    approvals: [
      yamlApproval("a", 1, hoursAgo(5)),
      yamlApproval("b", 2, hoursAgo(80)),
      yamlApproval("done", 1, hoursAgo(200), "approved"),
    ],
    releaseApprovals: [classicApproval(9, 3, hoursAgo(30))],
  });
}

describe("GateStatusWidgetView", () => {
  it("counts pending YAML and Classic approvals with the oldest age (1x2)", async () => {
    const onSettled = jest.fn();
    renderWithSources(
      <GateStatusWidgetView
        title="Gates"
        size={{ rowSpan: 1, columnSpan: 2 }}
        now={now}
        onSettled={onSettled}
      />,
      org().sources,
    );
    expect((await screen.findByLabelText("Pending approvals")).textContent).toBe("3");
    expect(screen.getByText(/Oldest waits 3 d/)).toBeTruthy();
    expect(screen.queryByText(/YAML approval/)).toBeNull();
    expect(onSettled).toHaveBeenCalledWith(undefined);
  });

  it("shows the split at 2x2 and the oldest approvals with links at 2x3", async () => {
    renderWithSources(
      <GateStatusWidgetView title="Gates" size={{ rowSpan: 2, columnSpan: 3 }} now={now} />,
      org().sources,
    );
    expect(await screen.findByText("2 YAML approvals · 1 Classic approval")).toBeTruthy();
    const items = screen.getAllByRole("listitem").map((item) => item.textContent);
    expect(items).toEqual([
      "pipeline-2 · 20240510.1 · 3 d",
      "definition-3 · Release-9 · Production · 30 h",
      "pipeline-1 · 20240510.1 · 5 h",
    ]);
    expect(
      screen.getByText("definition-3 · Release-9 · Production").closest("a")?.getAttribute("href"),
    ).toBe(
      "https://dev.azure.com/fabrikam/Demo/_releaseProgress?_a=release-pipeline-progress&releaseId=79",
    );
  });

  it("counts only the configured pipeline, without reading Classic approvals", async () => {
    const fake = org();
    renderWithSources(
      <GateStatusWidgetView
        title="Gates"
        size={{ rowSpan: 2, columnSpan: 2 }}
        target={{ kind: "yaml", id: 1, name: "pipeline-1" }}
        now={now}
      />,
      fake.sources,
    );
    expect((await screen.findByLabelText("Pending approvals")).textContent).toBe("1");
    expect(screen.getByText(/Oldest waits 5 h · pipeline-1/)).toBeTruthy();
    expect(fake.callCount("release.listReleaseApprovals")).toBe(0);
  });

  it("shows the failure and reports it", async () => {
    const fake = org();
    fake.fail(
      "release.listReleaseApprovals",
      new SourceError("throttled", "Too many requests", { status: 429 }),
    );
    const onSettled = jest.fn();
    renderWithSources(
      <GateStatusWidgetView
        title="Gates"
        size={{ rowSpan: 1, columnSpan: 2 }}
        onSettled={onSettled}
      />,
      fake.sources,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not load pending approvals");
    expect(alert.textContent).toContain("(throttled)");
    expect(onSettled).toHaveBeenCalledWith(expect.objectContaining({ kind: "throttled" }));
  });
});
