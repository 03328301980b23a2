/**
 * The golden state table: every raw YAML and Classic value the REST specs list, the word users see
 * and whether it counts as deployed. Changing a row changes what every surface says.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  STATE_IDS,
  buildState,
  countsAsDeployed,
  rawValuesOf,
  releaseEnvironmentState,
  stateLabel,
  stateOfRaw,
  stateWord,
  timelineRecordState,
  type RawStateSource,
} from "../../../src/core/vocabulary";

type Row = [RawStateSource, string, string, boolean];

const GOLDEN: Row[] = [
  // YAML: timeline records (stages, jobs); a completed record's state is its result.
  ["timeline-state", "pending", "not started", false],
  ["timeline-state", "inProgress", "in progress", false],
  ["timeline-result", "succeeded", "succeeded", true],
  ["timeline-result", "succeededWithIssues", "partially succeeded", true],
  ["timeline-result", "failed", "failed", false],
  ["timeline-result", "canceled", "canceled", false],
  ["timeline-result", "skipped", "skipped", false],
  ["timeline-result", "abandoned", "canceled", false],
  // YAML: environment deployment records.
  ["deployment-record-result", "succeeded", "succeeded", true],
  ["deployment-record-result", "succeededWithIssues", "partially succeeded", true],
  ["deployment-record-result", "failed", "failed", false],
  ["deployment-record-result", "canceled", "canceled", false],
  ["deployment-record-result", "skipped", "skipped", false],
  ["deployment-record-result", "abandoned", "canceled", false],
  // Builds (YAML runs); a completed build's state is its result.
  ["build-status", "none", "not started", false],
  ["build-status", "notStarted", "queued", false],
  ["build-status", "postponed", "queued", false],
  ["build-status", "inProgress", "in progress", false],
  ["build-status", "cancelling", "in progress", false],
  ["build-result", "none", "failed", false],
  ["build-result", "succeeded", "succeeded", true],
  ["build-result", "partiallySucceeded", "partially succeeded", true],
  ["build-result", "failed", "failed", false],
  ["build-result", "canceled", "canceled", false],
  // YAML: pipeline approvals and check runs / suites.
  ["pipeline-approval-status", "undefined", "waiting for approval", false],
  ["pipeline-approval-status", "uninitiated", "waiting for approval", false],
  ["pipeline-approval-status", "pending", "waiting for approval", false],
  ["pipeline-approval-status", "deferred", "waiting for approval", false],
  ["pipeline-approval-status", "approved", "succeeded", false],
  ["pipeline-approval-status", "completed", "succeeded", false],
  ["pipeline-approval-status", "rejected", "rejected", false],
  ["pipeline-approval-status", "skipped", "skipped", false],
  ["pipeline-approval-status", "canceled", "canceled", false],
  ["pipeline-approval-status", "timedOut", "timed out", false],
  ["pipeline-approval-status", "failed", "failed", false],
  ["check-status", "none", "checks running", false],
  ["check-status", "queued", "checks running", false],
  ["check-status", "running", "checks running", false],
  ["check-status", "approved", "succeeded", false],
  ["check-status", "completed", "succeeded", false],
  ["check-status", "rejected", "rejected", false],
  ["check-status", "canceled", "canceled", false],
  ["check-status", "timedOut", "timed out", false],
  ["check-status", "failed", "failed", false],
  // Classic: release environments.
  ["release-environment-status", "undefined", "not started", false],
  ["release-environment-status", "notStarted", "not started", false],
  ["release-environment-status", "scheduled", "queued", false],
  ["release-environment-status", "queued", "queued", false],
  ["release-environment-status", "inProgress", "in progress", false],
  ["release-environment-status", "succeeded", "succeeded", true],
  ["release-environment-status", "partiallySucceeded", "partially succeeded", true],
  ["release-environment-status", "canceled", "canceled", false],
  ["release-environment-status", "rejected", "rejected", false],
  // Classic: deploy steps (deployment attempts), status and operation status.
  ["deploy-step-status", "undefined", "not started", false],
  ["deploy-step-status", "notDeployed", "not started", false],
  ["deploy-step-status", "inProgress", "in progress", false],
  ["deploy-step-status", "succeeded", "succeeded", true],
  ["deploy-step-status", "partiallySucceeded", "partially succeeded", true],
  ["deploy-step-status", "failed", "failed", false],
  ["deploy-step-operation-status", "undefined", "not started", false],
  ["deploy-step-operation-status", "queued", "queued", false],
  ["deploy-step-operation-status", "scheduled", "queued", false],
  ["deploy-step-operation-status", "queuedForAgent", "queued", false],
  ["deploy-step-operation-status", "queuedForPipeline", "queued", false],
  ["deploy-step-operation-status", "pending", "waiting for approval", false],
  ["deploy-step-operation-status", "deferred", "waiting for approval", false],
  ["deploy-step-operation-status", "manualInterventionPending", "waiting for approval", false],
  ["deploy-step-operation-status", "approved", "in progress", false],
  ["deploy-step-operation-status", "evaluatingGates", "checks running", false],
  ["deploy-step-operation-status", "phaseInProgress", "in progress", false],
  ["deploy-step-operation-status", "cancelling", "in progress", false],
  ["deploy-step-operation-status", "phaseSucceeded", "succeeded", true],
  ["deploy-step-operation-status", "phasePartiallySucceeded", "partially succeeded", true],
  ["deploy-step-operation-status", "phaseFailed", "failed", false],
  ["deploy-step-operation-status", "gateFailed", "rejected", false],
  ["deploy-step-operation-status", "rejected", "rejected", false],
  ["deploy-step-operation-status", "canceled", "canceled", false],
  ["deploy-step-operation-status", "phaseCanceled", "canceled", false],
  // Classic: approvals and gates.
  ["release-approval-status", "undefined", "waiting for approval", false],
  ["release-approval-status", "pending", "waiting for approval", false],
  ["release-approval-status", "reassigned", "waiting for approval", false],
  ["release-approval-status", "approved", "succeeded", false],
  ["release-approval-status", "rejected", "rejected", false],
  ["release-approval-status", "canceled", "canceled", false],
  ["release-approval-status", "skipped", "skipped", false],
  ["gate-status", "none", "not started", false],
  ["gate-status", "pending", "checks running", false],
  ["gate-status", "inProgress", "checks running", false],
  ["gate-status", "succeeded", "succeeded", false],
  ["gate-status", "failed", "failed", false],
  ["gate-status", "canceled", "canceled", false],
  // Classic: releases.
  ["release-status", "undefined", "not started", false],
  ["release-status", "draft", "not started", false],
  ["release-status", "active", "in progress", false],
  ["release-status", "abandoned", "canceled", false],
];

// Approvals, checks and gates decide whether a deployment may go on; they deploy nothing themselves.
const DECIDES_ONLY = new Set<RawStateSource>([
  "pipeline-approval-status",
  "check-status",
  "release-approval-status",
  "gate-status",
  "release-status",
]);

describe("the golden state table", () => {
  it.each(GOLDEN)("%s %s → %s (deployed: %s)", (source, raw, word, deployed) => {
    const state = stateOfRaw(source, raw);
    expect(stateWord(state)).toBe(word);
    expect(stateOfRaw(source, raw.toUpperCase())).toBe(state);
    expect(countsAsDeployed(state) && !DECIDES_ONLY.has(source)).toBe(deployed);
  });

  it("has a row for every raw value each kind maps, and no more", () => {
    const sources = new Set(GOLDEN.map(([source]) => source));
    for (const source of sources) {
      const rows = GOLDEN.filter((row) => row[0] === source).map((row) => row[1].toLowerCase());
      expect(rows.sort()).toEqual(rawValuesOf(source).sort());
    }
  });

  it("never calls a rejection failed", () => {
    for (const [source, raw, word] of GOLDEN) {
      if (raw.toLowerCase() === "rejected") expect([source, word]).toEqual([source, "rejected"]);
    }
  });

  it("gives unknown values an unfinished or failed state, never a deployed one", () => {
    for (const source of new Set(GOLDEN.map(([s]) => s))) {
      expect(countsAsDeployed(stateOfRaw(source, "somethingNew"))).toBe(false);
      expect(countsAsDeployed(stateOfRaw(source, undefined))).toBe(false);
    }
  });

  it("labels every state with its word, capitalised", () => {
    expect(STATE_IDS.map(stateLabel)).toEqual([
      "Not started",
      "Queued",
      "Waiting for approval",
      "Checks running",
      "In progress",
      "Succeeded",
      "Partially succeeded",
      "Failed",
      "Rejected",
      "Timed out",
      "Canceled",
      "Skipped",
    ]);
    expect(STATE_IDS.filter(countsAsDeployed)).toEqual(["succeeded", "partially-succeeded"]);
  });
});

describe("combined raw values", () => {
  it("reads a timeline record's result once it has one", () => {
    expect(timelineRecordState({ state: "completed", result: "succeededWithIssues" })).toBe(
      "partially-succeeded",
    );
    expect(timelineRecordState({ state: "inProgress" })).toBe("in-progress");
    expect(timelineRecordState({ state: "completed" })).toBe("failed");
  });

  it("reads a build's result once it completed", () => {
    expect(buildState({ status: "completed", result: "partiallySucceeded" })).toBe(
      "partially-succeeded",
    );
    expect(buildState({ status: "inProgress", result: "none" })).toBe("in-progress");
  });

  it("tells a Classic deployment that failed from one that was rejected", () => {
    expect(releaseEnvironmentState("rejected")).toBe("rejected");
    expect(
      releaseEnvironmentState("rejected", { status: "notDeployed", operationStatus: "rejected" }),
    ).toBe("rejected");
    expect(
      releaseEnvironmentState("rejected", { status: "failed", operationStatus: "phaseFailed" }),
    ).toBe("failed");
    expect(
      releaseEnvironmentState("rejected", { status: "notDeployed", operationStatus: "gateFailed" }),
    ).toBe("rejected");
    expect(releaseEnvironmentState("inProgress", { status: "inProgress" })).toBe("in-progress");
  });
});

// Every value the official specs list is in the table (`all` is a query filter, not a state; a
// completed record or build is read by its result). Specs sit beside the checkout or in ADO_REST_SPECS.
const SPEC_ROOT =
  process.env.ADO_REST_SPECS ?? join(__dirname, "..", "..", "..", "..", "shared", "ado-rest-specs");
const SPEC_ENUMS: [RawStateSource, string, string, string][] = [
  ["timeline-state", "build/7.1/build.json", "TimelineRecord", "state"],
  ["timeline-result", "build/7.1/build.json", "TimelineRecord", "result"],
  [
    "deployment-record-result",
    "distributedTask/7.1/taskAgent.json",
    "EnvironmentDeploymentExecutionRecord",
    "result",
  ],
  ["build-status", "build/7.1/build.json", "Build", "status"],
  ["build-result", "build/7.1/build.json", "Build", "result"],
  [
    "pipeline-approval-status",
    "approvalsAndChecks/7.1/pipelinesapproval.json",
    "Approval",
    "status",
  ],
  ["check-status", "approvalsAndChecks/7.1/pipelinesChecks.json", "CheckSuite", "status"],
  ["check-status", "approvalsAndChecks/7.1/pipelinesChecks.json", "CheckRunResult", "status"],
  ["release-environment-status", "release/7.1/release.json", "ReleaseEnvironment", "status"],
  ["deploy-step-status", "release/7.1/release.json", "DeploymentAttempt", "status"],
  [
    "deploy-step-operation-status",
    "release/7.1/release.json",
    "DeploymentAttempt",
    "operationStatus",
  ],
  ["release-approval-status", "release/7.1/release.json", "ReleaseApproval", "status"],
  ["gate-status", "release/7.1/release.json", "ReleaseGates", "status"],
  ["release-status", "release/7.1/release.json", "Release", "status"],
];

describe("the table covers the REST specs", () => {
  if (!existsSync(join(SPEC_ROOT, "build/7.1/build.json"))) {
    throw new Error(`OpenAPI specs not found at ${SPEC_ROOT}; set ADO_REST_SPECS to their folder.`);
  }
  it.each(SPEC_ENUMS)("%s has every value of %s %s.%s", (source, file, definition, property) => {
    const spec = JSON.parse(readFileSync(join(SPEC_ROOT, file), "utf8").replace(/^\uFEFF/, "")) as {
      definitions: Record<string, { properties: Record<string, { enum?: string[] }> }>;
    };
    const values = spec.definitions[definition].properties[property].enum ?? [];
    expect(values.length).toBeGreaterThan(0);
    const expected = values
      .filter((value) => value !== "all" && value !== "completed")
      .map((value) => value.toLowerCase())
      .sort();
    const mapped = new Set(rawValuesOf(source));
    expect(expected.filter((value) => !mapped.has(value))).toEqual([]);
  });
});
