import * as React from "react";
import { screen } from "@testing-library/react";
import type { StageGate } from "../../src/core/gates";
import { StageDetails } from "../../src/ui/components/GatesPipelineView";
import { createFakeSources } from "../fakes/sources";
import { gatesOrg } from "./GatesFixtures";
import { renderWithSources } from "./renderWithSources";

const stage: StageGate = {
  source: "classic",
  pipeline: { id: 2, name: "data-pipeline-release" },
  releaseId: 14,
  releaseName: "Release-14",
  stage: "Production",
  environment: "Production",
  state: "not-started",
  waiting: [],
  checks: [],
  evidence: [],
};

describe("StageDetails", () => {
  const sources = () => createFakeSources(gatesOrg()).sources;

  it("never says no check guards a stage whose checks could not be read", () => {
    const unknown = [
      {
        what: "stage Production of data-pipeline-release Release-14",
        kind: "server" as const,
        reason: "500 on definitions",
        fields: ["checks"],
      },
    ];
    renderWithSources(<StageDetails stage={{ ...stage, unknown }} now={new Date()} />, sources());
    expect(screen.getByText("The checks of this stage could not be read.")).toBeTruthy();
    expect(screen.queryByText(/No approvals, checks or gates/)).toBeNull();
    expect(screen.getByRole("note", { name: "Fields not read" }).textContent).toBe(
      "Not read: the checks (server error)",
    );
  });

  it("says no check guards a stage when every read answered", () => {
    renderWithSources(<StageDetails stage={stage} now={new Date()} />, sources());
    expect(screen.getByText("No approvals, checks or gates guard this stage.")).toBeTruthy();
  });
});
