import { markClassicUnknown, markYamlUnknown } from "../../../src/core/gates/markUnknown";
import type { StageGate, Waiting } from "../../../src/core/gates/types";
import type { NotAvailable } from "../../../src/core/sources";

const failure: NotAvailable = {
  what: "checks of stage Prod in web run 7",
  kind: "server",
  reason: "500 on checks",
  status: 500,
};

const checkWaiting: Waiting = {
  kind: "check",
  id: "cp-1",
  approvers: [],
  holding: ["Business hours"],
};

function yamlStage(overrides: Partial<StageGate> = {}): StageGate {
  return {
    source: "yaml",
    pipeline: { id: 1, name: "web" },
    runId: 7,
    runName: "7",
    stage: "Prod",
    state: "checks-running",
    waiting: [checkWaiting],
    checks: [{ type: "taskCheck", name: "Business hours", state: "running" }],
    evidence: [{ kind: "checkpoint-record", id: "cp-1" }],
    ...overrides,
  };
}

function classicStage(overrides: Partial<StageGate> = {}): StageGate {
  return {
    source: "classic",
    pipeline: { id: 2, name: "data-pipeline-release" },
    releaseId: 14,
    releaseName: "Release-14",
    stage: "Production",
    environment: "Production",
    state: "not-started",
    waiting: [],
    checks: [],
    evidence: [{ kind: "release-environment", id: "3" }],
    ...overrides,
  };
}

describe("markYamlUnknown", () => {
  it("marks a waiting check's instructions and the checks when its suite could not be read", () => {
    // The instructions are the check runs' result messages: without the suite they are lost.
    const [stage] = markYamlUnknown([yamlStage()], {
      suites: new Map([["cp-1", failure]]),
      suitesRead: new Set(),
    });
    expect(stage.unknown).toEqual([
      {
        ...failure,
        what: "stage Prod of web run 7",
        fields: ["environment", "timeoutAt", "checks.type", "instructions", "checks"],
      },
    ]);
  });

  it("marks the checks of a stage that does not wait when its suite could not be read", () => {
    // Checks seen only as runs (an exclusive lock) vanish with the suite.
    const stage = yamlStage({
      environment: "prod",
      state: "succeeded",
      waiting: [],
      checks: [{ type: "approval", name: "Approval", state: "succeeded" }],
    });
    const [marked] = markYamlUnknown([stage], {
      suites: new Map([["cp-1", failure]]),
      suitesRead: new Set(),
    });
    expect(marked.unknown?.[0].fields).toEqual(["checks"]);
  });

  it("leaves a stage unmarked when its suite was read", () => {
    const [stage] = markYamlUnknown([yamlStage()], { suites: new Map(), suitesRead: new Set() });
    expect(stage.unknown).toBeUndefined();
  });
});

describe("markClassicUnknown", () => {
  const definitions: NotAvailable = {
    what: "release definitions",
    kind: "server",
    reason: "500 on definitions",
  };

  it("marks the checks of every stage: a gate not yet evaluated is known only from them", () => {
    const [stage] = markClassicUnknown([classicStage()], definitions);
    expect(stage.unknown).toEqual([
      {
        ...definitions,
        what: "stage Production of data-pipeline-release Release-14",
        fields: ["checks"],
      },
    ]);
  });

  it("marks the timeout and the checks of a waiting stage", () => {
    const waiting = classicStage({
      state: "waiting-for-approval",
      waiting: [{ kind: "approval", id: "9", approvers: [], holding: ["Pre-deployment approval"] }],
    });
    const [stage] = markClassicUnknown([waiting], definitions);
    expect(stage.unknown?.[0].fields).toEqual(["timeoutAt", "checks"]);
  });

  it("marks nothing when the definitions were read", () => {
    expect(markClassicUnknown([classicStage()], undefined)[0].unknown).toBeUndefined();
  });
});
